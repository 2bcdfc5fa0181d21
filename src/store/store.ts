import { BehaviorSubject, Subscription } from 'rxjs';
import { ChatCommandError, type ChatError, type Command, type CommandOf, type CommandResult } from '../engine/types.js';
import { reduce } from './reducer.js';
import { selectFrom } from './select.js';
import { createInitialState } from './state.js';
import type { DirectoryClient } from './directory.js';
import { DIRECTORY_CLIENT_DEPENDENCIES, directoryMethods } from './directory-requests.js';
import type { PendingMessage, WorkspaceState, WorkspaceStore, WorkspaceStoreOptions } from './types.js';
import type { StreamEvent } from '../transport/types.js';

function defaultId(): string {
  return globalThis.crypto.randomUUID();
}

/** A transport that threw instead of answering: say so as a typed error, keep the app running. */
function transportFailure(error: unknown): ChatError {
  if (error instanceof ChatCommandError) return error.toJSON();
  const detail = error instanceof Error && error.message ? ` (${error.message})` : '';
  return { code: 'not-connected', message: `The command could not be sent because the connection is not available${detail}. Try again once connected.` };
}

/**
 * Starts (or stops) the countdown to Ready when this user's chat presence changes: the
 * engine says only the new state, the configuration says how long timed after-call work lasts.
 */
function afterCallWorkClock(state: WorkspaceState, event: StreamEvent['event'], at: number): WorkspaceState {
  if (event.type !== 'presence-updated' || event.channel !== 'chat' || event.userId !== state.user?.id) return state;
  const acw = state.config?.afterCallWork;
  if (event.state === 'after-call-work' && acw?.mode === 'timed') return { ...state, afterCallWorkEndsAt: at + acw.durationMs };
  if (state.afterCallWorkEndsAt === undefined) return state;
  const { afterCallWorkEndsAt: _ended, ...rest } = state;
  return rest;
}

/**
 * The RxJS store for one signed-in user: folds the transport's event stream into
 * `WorkspaceState`, tracks the connection, and sends commands, showing a sent message
 * at once as pending until its confirmed entry arrives.
 */
export function createWorkspaceStore(options: WorkspaceStoreOptions): WorkspaceStore {
  const { transport, user } = options;
  const now = options.now ?? Date.now;
  const newId = options.newId ?? defaultId;
  const subject = new BehaviorSubject<WorkspaceState>(createInitialState());
  const state$ = subject.asObservable();
  const subscriptions = new Subscription();
  let destroyed = false;

  const update = (change: (state: WorkspaceState) => WorkspaceState) => {
    if (destroyed) return;
    const next = change(subject.value);
    if (next !== subject.value) subject.next(next);
  };

  // Subscribed before any connect, as the transport's hot stream requires.
  subscriptions.add(transport.connection$.subscribe((connection) => update((s) => ({ ...s, connection }))));
  subscriptions.add(transport.events$.subscribe((event) => update((s) => afterCallWorkClock(reduce(s, event), event.event, now()))));

  // The directory's code is loaded when first needed: by an agent's first snapshot (the
  // store follows the agents of their sessions) or a search or watch. A contact's page
  // never loads it.
  let directory: Promise<DirectoryClient> | undefined;
  const directoryClient = (): Promise<DirectoryClient> =>
    (directory ??= import('./directory.js').then(({ createDirectoryClient }) => {
      const client = createDirectoryClient({ backend: transport, state$, getState: () => subject.value, update, ...DIRECTORY_CLIENT_DEPENDENCIES });
      if (destroyed) client.dispose();
      else subscriptions.add(() => client.dispose());
      return client;
    }));
  subscriptions.add(
    state$.subscribe((state) => {
      if (!directory && state.user?.role === 'agent') void directoryClient();
    }),
  );

  const send = async (command: Command): Promise<CommandResult> => {
    try {
      return await transport.send(command);
    } catch (error) {
      return { ok: false, error: transportFailure(error) };
    }
  };

  const setPending = (clientMessageId: string, change: (p: PendingMessage) => PendingMessage | undefined) =>
    update((s) => {
      const current = s.pending[clientMessageId];
      if (!current) return s;
      const next = change(current);
      if (next === current) return s;
      const { [clientMessageId]: _old, ...rest } = s.pending;
      return { ...s, pending: next ? { ...rest, [clientMessageId]: next } : rest };
    });

  /** Sends a pending message; a refusal keeps it, marked failed, for Retry or Discard. */
  const sendPending = async (pending: PendingMessage): Promise<CommandResult> => {
    const result = await send({
      type: 'send-message',
      sessionId: pending.sessionId,
      text: pending.text,
      visibility: pending.visibility,
      clientMessageId: pending.clientMessageId,
    });
    if (!result.ok) {
      // Only if still there: the confirmed entry or a discard may have come first.
      setPending(pending.clientMessageId, (p) => ({ ...p, status: 'failed', error: result.error }));
    }
    return result;
  };

  const sendMessage = (command: CommandOf<'send-message'>): Promise<CommandResult> => {
    if (typeof command.text !== 'string' || command.text.trim() === '') {
      return Promise.resolve({ ok: false, error: { code: 'invalid-input', message: 'A message needs some text.', field: 'text' } });
    }
    const max = subject.value.config?.maxMessageLength;
    if (max !== undefined && command.text.length > max) {
      return Promise.resolve({
        ok: false,
        error: { code: 'invalid-input', message: `A message may be at most ${max} characters long; this one has ${command.text.length}.`, field: 'text' },
      });
    }
    const pending: PendingMessage = {
      clientMessageId: command.clientMessageId ?? newId(),
      sessionId: command.sessionId,
      text: command.text,
      visibility: command.visibility ?? 'all',
      at: now(),
      status: 'sending',
    };
    update((s) => ({ ...s, pending: { ...s.pending, [pending.clientMessageId]: pending } }));
    return sendPending(pending);
  };

  return {
    state$,
    get state() {
      return subject.value;
    },
    select: (selector, equals) => selectFrom(state$, selector, equals),
    dispatch(command) {
      if (command.type === 'send-message') return sendMessage(command);
      return send(command);
    },
    retry(clientMessageId) {
      const pending = subject.value.pending[clientMessageId];
      if (!pending || pending.status !== 'failed') {
        return Promise.resolve({
          ok: false,
          error: { code: 'invalid-input', message: `There is no failed message "${clientMessageId}" to send again.`, field: 'clientMessageId' },
        });
      }
      const sending: PendingMessage = { ...pending, status: 'sending' };
      delete sending.error;
      setPending(clientMessageId, () => sending);
      return sendPending(sending);
    },
    discard(clientMessageId) {
      setPending(clientMessageId, () => undefined);
    },
    ...directoryMethods(directoryClient),
    connect() {
      const resumeFrom = subject.value.stream;
      return transport.connect({ userId: user.id, ...(user.token !== undefined ? { token: user.token } : {}), ...(resumeFrom ? { resumeFrom } : {}) });
    },
    disconnect() {
      return transport.disconnect();
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      subscriptions.unsubscribe();
      subject.complete();
      transport.disconnect().catch(() => {
        // Nothing is listening any more; a failed close has nobody to tell.
      });
    },
  };
}
