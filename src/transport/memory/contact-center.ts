import { BehaviorSubject, Subject, type Observable } from 'rxjs';
import { createChatEngine } from '../../engine/index.js';
import type { ChatEngine } from '../../engine/api.js';
import {
  ChatCommandError,
  type ChatError,
  type Command,
  type CommandResult,
  type Delivery,
  type DirectoryEntry,
  type EngineConfig,
  type DirectoryTarget,
  type InvitationView,
  type SessionId,
  type UserId,
} from '../../engine/types.js';
import { parseCommand, type CommandSchemas } from '../../protocol/index.js';
import { engineCommandSchemas } from '../../protocol/commands.js';
import type { ConnectOptions, ConnectionState, DirectoryPage, DirectoryQuery, PresenceChange, StreamEvent, StreamPosition, Transport } from '../types.js';
import { parseWatchIds } from '../../protocol/directory.js';
import { WatchSet } from '../watch-set.js';
import type { PresenceWatcher } from '../../host/engine-host.js';
import { createRealScheduler, createVirtualScheduler, settle, type Scheduler } from './scheduler.js';
import { generatedDirectory, seedDirectory } from '../../seed/directory.js';
import { createEngineHost } from '../../host/engine-host.js';

export interface SimulatedAgentOptions {
  /** What the agent does with every invitation offered to it. */
  onInvitation: 'accept' | 'reject' | 'ignore';
  /** How long it takes to answer an invitation, and to write each reply (default 1000 ms). */
  delayMs?: number;
  /**
   * What it writes after joining: the first reply `delayMs` after it joined, each next one
   * `delayMs` after somebody else's next message in that session.
   */
  replies?: string[];
}

export interface MemoryContactCenterOptions {
  /** `virtual` (the default for tests): time moves only with `advance`. `real`: wall clock and timers, for demos. */
  clock?: 'virtual' | 'real';
  /** Where virtual time starts (ms since epoch). Defaults to a fixed instant, so runs repeat exactly. */
  startTime?: number;
  /** Defaults to the seeded directory (Kate Lewis, Jim Miller, Avril Mai, …). */
  directory?: DirectoryEntry[];
  config?: Partial<EngineConfig>;
  /** Agents the center plays itself. */
  simulatedAgents?: Record<UserId, SimulatedAgentOptions>;
  /** Adds this many generated agents ("Agent 00001", …) with queues and routing points. */
  generatedAgents?: number;
  /** The stream epoch its transports report; a fresh one per center by default. */
  epoch?: string;
  /** How many events each user's log keeps for resuming (default 10,000). */
  logLimit?: number;
}

/** A contact the test or demo drives by hand; every call acts through the engine as that contact. */
export interface ScriptedContact {
  readonly userId: UserId;
  /** The contact's current chat (the last one it started). */
  readonly sessionId: SessionId | undefined;
  start(subject: string, caseData?: Record<string, string>, options?: { targetId?: string }): Promise<CommandResult>;
  say(text: string): Promise<CommandResult>;
  setTyping(typing: boolean): Promise<CommandResult>;
  leave(): Promise<CommandResult>;
  /** Answers each agent message in the current chat with the next of `replies`, `delayMs` later. */
  replyWith(replies: string[], delayMs?: number): void;
  /** Runs steps at fixed delays from now (virtual or real time). */
  script(steps: { afterMs: number; say?: string; leave?: boolean }[]): void;
}

export interface MemoryContactCenter {
  readonly engine: ChatEngine;
  readonly directory: readonly DirectoryEntry[];
  readonly epoch: string;
  readonly clock: 'virtual' | 'real';
  /** A new transport on this center; `connect({ userId })` chooses who it is. */
  transport(): Transport;
  /** Runs a command as `actor` and delivers what it produced, as a transport would. */
  execute(actor: UserId, command: Command): Promise<CommandResult>;
  contact(userId: UserId): ScriptedContact;
  now(): number;
  /** Moves virtual time on, running due time-outs and simulated actions in order; then settles. */
  advance(ms: number): Promise<void>;
  /** Resolves once every delivery made so far has reached its subscribers. */
  settle(): Promise<void>;
  /**
   * Simulates a network loss for every transport connected as `userId`: each goes
   * `reconnecting`, misses what happens meanwhile, and resumes (delivering what it missed)
   * after `restoreAfterMs` (default 1000 ms; `Infinity` waits for `restoreConnection`).
   */
  dropConnection(userId: UserId, options?: { restoreAfterMs?: number }): void;
  /** Ends a simulated network loss now. */
  restoreConnection(userId: UserId): void;
  /** Stops every timer and closes every transport. */
  dispose(): void;
}

const DEFAULT_START_TIME = Date.UTC(2025, 3, 7, 18, 29, 0);
const DEFAULT_LOG_LIMIT = 10_000;
let centers = 0;

export function createMemoryContactCenter(options: MemoryContactCenterOptions = {}): MemoryContactCenter {
  const clock = options.clock ?? 'virtual';
  const scheduler: Scheduler =
    clock === 'real' ? createRealScheduler() : createVirtualScheduler(options.startTime ?? DEFAULT_START_TIME);
  const directory = [...(options.directory ?? seedDirectory()), ...generatedDirectory(options.generatedAgents ?? 0)];
  let nextId = 0;
  const epoch = options.epoch ?? `memory-${++centers}-${Math.floor(Math.random() * 2 ** 32).toString(36)}`;
  const observers = new Set<(delivery: Delivery) => void>();
  // The same engine host as the server's, on no persistence: it applies commands and ticks,
  // keeps each user's resumable log, fans out and answers resume-or-snapshot.
  const host = createEngineHost(
    (clock) =>
      createChatEngine({
        clock,
        ids: () => `m${(++nextId).toString(36)}`,
        directory,
        ...(options.config ? { config: options.config } : {}),
      }),
    epoch,
    {
      timers: { now: () => scheduler.now(), at: (time, callback) => scheduler.at(time, callback), later: (callback) => queueMicrotask(callback) },
      logLimit: options.logLimit ?? DEFAULT_LOG_LIMIT,
      observe: (delivery) => {
        for (const observe of observers) observe(delivery);
      },
    },
  );
  const engine = host.engine;
  // In a page, the directory's search index is built when the page is idle, not on the
  // first search: over 50,000 targets that build is a few hundred milliseconds, and it
  // would land on the agent's first keystroke in the Team Communicator.
  const idle = typeof requestIdleCallback === 'function' ? requestIdleCallback(() => host.prepareDirectory()) : undefined;
  const schemas: CommandSchemas = engineCommandSchemas(engine.config);

  /** The transports connected per user (for simulated network losses); deliveries come from the host. */
  const live = new Map<UserId, Set<MemoryTransport>>();
  const allTransports = new Set<MemoryTransport>();
  let disposed = false;

  function executeNow(actor: UserId, command: Command): CommandResult {
    if (disposed) return { ok: false, error: { code: 'not-connected', message: 'This contact center has been disposed.' } };
    // In memory nothing waits for a disk: the host answers before `execute` returns.
    let answer: CommandResult = { ok: false, error: { code: 'not-connected', message: 'The command was not answered.' } };
    host.execute(actor, command, (result) => (answer = result));
    return answer;
  }

  function validateAndExecute(actor: UserId, input: unknown): CommandResult {
    const parsed = parseCommand(input, schemas);
    if (!parsed.ok) return parsed;
    return executeNow(actor, parsed.value);
  }

  class MemoryTransport implements Transport {
    private readonly state = new BehaviorSubject<ConnectionState>({ status: 'idle' });
    private readonly stream = new Subject<StreamEvent>();
    readonly connection$: Observable<ConnectionState> = this.state.asObservable();
    readonly events$: Observable<StreamEvent> = this.stream.asObservable();
    private readonly presence = new Subject<PresenceChange>();
    readonly presence$: Observable<PresenceChange> = this.presence.asObservable();
    private readonly watched = new WatchSet();
    private watcher: PresenceWatcher | undefined;
    userId: UserId | undefined;
    /** The last position this transport handed to its subscribers: where it resumes from. */
    private lastDelivered: StreamPosition | undefined;
    private queue: StreamEvent[] = [];
    private flushScheduled = false;
    /** Bumped on every (dis)connection so a flush scheduled for an old connection delivers nothing. */
    private generation = 0;
    private cancelRestore: (() => void) | undefined;
    private detachFromHost: (() => void) | undefined;

    async connect(options: ConnectOptions): Promise<void> {
      this.detach();
      this.cancelRestore?.();
      this.cancelRestore = undefined;
      if (disposed) throw this.fail({ code: 'not-connected', message: 'This contact center has been disposed.' });
      const userId = options?.userId;
      if (typeof userId !== 'string' || !engine.hasUser(userId)) {
        throw this.fail({ code: 'unknown-user', message: `There is no user "${String(userId)}" in this contact center.`, field: 'userId' });
      }
      this.state.next({ status: 'connecting' });
      // A network transport answers later; so does this one, so callers cannot rely on sync.
      await Promise.resolve();
      if (disposed) throw this.fail({ code: 'not-connected', message: 'This contact center has been disposed.' });
      // Another user's watch list is not theirs to follow.
      if (this.userId !== undefined && this.userId !== userId) this.watched.replace([]);
      this.attach(userId, options.resumeFrom);
    }

    async send(command: Command): Promise<CommandResult> {
      await Promise.resolve();
      if (this.state.value.status !== 'connected' || this.userId === undefined) {
        return {
          ok: false,
          error: { code: 'not-connected', message: 'The command was not sent because the transport is not connected.' },
        };
      }
      return validateAndExecute(this.userId, command);
    }

    async searchDirectory(query: DirectoryQuery): Promise<DirectoryPage> {
      await Promise.resolve();
      if (this.state.value.status !== 'connected' || this.userId === undefined) {
        throw new ChatCommandError({ code: 'not-connected', message: 'The directory cannot be searched because the transport is not connected.' });
      }
      // The host validates (typed `invalid-input`) and copies; nothing it answers is shared.
      return host.searchDirectory(this.userId, query);
    }

    async watchTargets(ids: readonly string[]): Promise<DirectoryTarget[]> {
      const parsed = parseWatchIds(ids);
      if (!parsed.ok) throw new ChatCommandError(parsed.error);
      this.watched.replace(parsed.value);
      await Promise.resolve();
      if (this.state.value.status !== 'connected' || !this.watcher) {
        throw new ChatCommandError({ code: 'not-connected', message: 'The watch list is kept and sent once the transport is connected.' });
      }
      const entries = this.watcher.watch(this.watched.ids);
      this.watched.answered(entries);
      return entries;
    }

    async disconnect(): Promise<void> {
      this.cancelRestore?.();
      this.cancelRestore = undefined;
      const wasUp = this.state.value.status !== 'idle' && this.state.value.status !== 'disconnected';
      this.detach();
      if (wasUp) this.state.next({ status: 'disconnected' });
    }

    /** Subscribes to the user's live deliveries and queues the snapshot or the missed events, atomically. */
    private attach(userId: UserId, resumeFrom: StreamPosition | undefined): void {
      this.userId = userId;
      this.generation++;
      let set = live.get(userId);
      if (!set) live.set(userId, (set = new Set()));
      set.add(this);
      allTransports.add(this);
      this.state.next({ status: 'connected' });
      this.detachFromHost = host.attach(userId, { deliver: (event) => this.enqueue(event) }, resumeFrom).detach;
      const generation = this.generation;
      this.watcher = host.watcher(userId, (change) => {
        // Delivered like events, after the current turn, and never to an older connection.
        queueMicrotask(() => {
          if (generation === this.generation && this.watched.heard(change)) this.presence.next(change);
        });
      });
      if (this.watched.ids.length > 0) {
        let entries: DirectoryTarget[] = [];
        try {
          entries = this.watcher.watch(this.watched.ids);
        } catch {
          // A list this user may not keep (a contact's): nothing to tell.
        }
        const changes = this.watched.resent(entries);
        queueMicrotask(() => {
          if (generation !== this.generation) return;
          for (const change of changes) this.presence.next(change);
        });
      }
    }

    private detach(): void {
      this.generation++;
      this.queue = [];
      this.detachFromHost?.();
      this.detachFromHost = undefined;
      this.watcher?.close();
      this.watcher = undefined;
      if (this.userId !== undefined) live.get(this.userId)?.delete(this);
    }

    private fail(error: ChatError): ChatCommandError {
      this.state.next({ status: 'failed', reason: error.message });
      return new ChatCommandError(error);
    }

    enqueue(event: StreamEvent): void {
      this.queue.push(event);
      if (this.flushScheduled) return;
      this.flushScheduled = true;
      const generation = this.generation;
      queueMicrotask(() => {
        this.flushScheduled = false;
        if (generation !== this.generation) return;
        const batch = this.queue;
        this.queue = [];
        for (const event of batch) {
          if (generation !== this.generation) return;
          this.lastDelivered = { epoch: event.epoch, position: event.position };
          this.stream.next(event);
        }
      });
    }

    /** Network loss: stop delivering, say so, and come back resuming after a while. */
    drop(restoreAfterMs: number): void {
      if (this.state.value.status !== 'connected') return;
      this.detach();
      this.state.next({ status: 'reconnecting', reason: 'The connection was lost; trying again.' });
      if (Number.isFinite(restoreAfterMs)) {
        this.cancelRestore = scheduler.at(scheduler.now() + restoreAfterMs, () => this.restore());
      }
    }

    restore(): void {
      if (this.state.value.status !== 'reconnecting' || this.userId === undefined || disposed) return;
      this.cancelRestore?.();
      this.cancelRestore = undefined;
      this.attach(this.userId, this.lastDelivered);
    }

    close(): void {
      this.cancelRestore?.();
      this.detach();
      if (this.state.value.status !== 'idle') this.state.next({ status: 'disconnected', reason: 'The contact center was shut down.' });
    }

    get reconnecting(): boolean {
      return this.state.value.status === 'reconnecting';
    }
  }

  const simulated = options.simulatedAgents ?? {};
  for (const [agentId, behaviour] of Object.entries(simulated)) {
    if (!engine.hasUser(agentId)) throw new Error(`simulatedAgents names "${agentId}", who is not in the directory`);
    observers.add(simulatedAgent(agentId, behaviour));
  }

  function simulatedAgent(agentId: UserId, behaviour: SimulatedAgentOptions): (delivery: Delivery) => void {
    const delayMs = behaviour.delayMs ?? 1000;
    const answered = new Set<string>();
    /** Sessions this agent joined, with the replies still to write there. */
    const scripts = new Map<SessionId, string[]>();
    const later = (action: () => void) => scheduler.at(scheduler.now() + delayMs, action);
    const replyNext = (sessionId: SessionId) => {
      const reply = scripts.get(sessionId)?.shift();
      if (reply !== undefined) later(() => void executeNow(agentId, { type: 'send-message', sessionId, text: reply }));
    };
    const answer = (invitation: InvitationView) => {
      if (behaviour.onInvitation === 'ignore') return;
      later(() => {
        if (behaviour.onInvitation === 'reject') {
          executeNow(agentId, { type: 'reject-invitation', invitationId: invitation.id });
          return;
        }
        const result = executeNow(agentId, { type: 'accept-invitation', invitationId: invitation.id });
        if (!result.ok || !behaviour.replies?.length) return;
        const sessionId =
          invitation.kind === 'consultation' ? (invitation.consultationId ?? invitation.sessionId) : invitation.sessionId;
        scripts.set(sessionId, [...behaviour.replies]);
        replyNext(sessionId);
      });
    };
    return ({ to, event }) => {
      if (to !== agentId) return;
      if (event.type === 'invitation-updated') {
        const invitation = event.invitation;
        const key = `${invitation.id}@${invitation.expiresAt ?? ''}`;
        if (invitation.state === 'pending' && invitation.invitee?.id === agentId && invitation.from.id !== agentId && !answered.has(key)) {
          answered.add(key);
          answer(invitation);
        }
      } else if (event.type === 'entry-added' && event.entry.kind === 'message' && event.entry.from.id !== agentId) {
        if (scripts.has(event.sessionId)) replyNext(event.sessionId);
      }
    };
  }

  const contacts = new Map<UserId, ScriptedContact>();

  function scriptedContact(userId: UserId): ScriptedContact {
    let sessionId: SessionId | undefined;
    const noChat = (): CommandResult => ({
      ok: false,
      error: { code: 'invalid-state', message: `${userId} has not started a chat yet.` },
    });
    const act = async (command: (sessionId: SessionId) => Command): Promise<CommandResult> => {
      if (sessionId === undefined) return noChat();
      const result = executeNow(userId, command(sessionId));
      await settle();
      return result;
    };
    const contact: ScriptedContact = {
      userId,
      get sessionId() {
        return sessionId;
      },
      async start(subject, caseData, startOptions) {
        const result = executeNow(userId, {
          type: 'start-chat',
          subject,
          ...(caseData ? { caseData } : {}),
          ...(startOptions?.targetId ? { targetId: startOptions.targetId } : {}),
        });
        if (result.ok && result.value?.sessionId) sessionId = result.value.sessionId;
        await settle();
        return result;
      },
      say: (text) => act((id) => ({ type: 'send-message', sessionId: id, text })),
      setTyping: (typing) => act((id) => ({ type: 'set-typing', sessionId: id, typing })),
      leave: () => act((id) => ({ type: 'leave', sessionId: id })),
      replyWith(replies, delayMs = 1000) {
        const queue = [...replies];
        observers.add(({ to, event }) => {
          if (to !== userId || event.type !== 'entry-added' || event.sessionId !== sessionId) return;
          if (event.entry.kind !== 'message' || event.entry.from.id === userId || queue.length === 0) return;
          const text = queue.shift()!;
          const target = sessionId;
          scheduler.at(scheduler.now() + delayMs, () => {
            if (target !== undefined) executeNow(userId, { type: 'send-message', sessionId: target, text });
          });
        });
      },
      script(steps) {
        const start = scheduler.now();
        for (const step of steps) {
          scheduler.at(start + step.afterMs, () => {
            if (sessionId === undefined) return;
            if (step.say !== undefined) executeNow(userId, { type: 'send-message', sessionId, text: step.say });
            if (step.leave) executeNow(userId, { type: 'leave', sessionId });
          });
        }
      },
    };
    return contact;
  }

  return {
    engine,
    directory,
    epoch,
    clock,
    transport: () => new MemoryTransport(),
    async execute(actor, command) {
      const result = validateAndExecute(actor, command);
      await settle();
      return result;
    },
    contact(userId) {
      let contact = contacts.get(userId);
      if (!contact) contacts.set(userId, (contact = scriptedContact(userId)));
      return contact;
    },
    now: () => scheduler.now(),
    advance: (ms) => scheduler.advance(ms),
    settle,
    dropConnection(userId, dropOptions) {
      for (const transport of [...(live.get(userId) ?? [])]) transport.drop(dropOptions?.restoreAfterMs ?? 1000);
    },
    restoreConnection(userId) {
      for (const transport of allTransports) if (transport.userId === userId && transport.reconnecting) transport.restore();
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      if (idle !== undefined) cancelIdleCallback(idle);
      host.close();
      scheduler.dispose();
      for (const transport of allTransports) transport.close();
      allTransports.clear();
      live.clear();
      observers.clear();
    },
  };
}
