import type { Subscription } from 'rxjs';
import { ChatCommandError, type ChatEvent, type Command, type CommandResult, type CommandValue, type ErrorCode, type DirectoryTarget, type UserId } from '../engine/types.js';
import type { ConnectionState, DirectoryPage, DirectoryQuery, PresenceChange, StreamEvent, Transport } from '../transport/types.js';
import { ConformanceError, check, show, within } from './assert.js';

interface Waiter {
  from: number;
  predicate: (event: ChatEvent, stream: StreamEvent) => boolean;
  resolve: (stream: StreamEvent) => void;
}

/**
 * Everything one user's transport delivered, with waits on it. It also checks the stream
 * invariant on every event: after a snapshot at position p, the next events are p+1, p+2, …
 */
export class EventCollector {
  readonly events: StreamEvent[] = [];
  readonly violations: string[] = [];
  readonly states: ConnectionState[] = [];
  /** What `presence$` emitted: changes of the targets this user watches. */
  readonly presence: PresenceChange[] = [];
  private presenceWaiters = new Set<{ from: number; predicate: (change: PresenceChange) => boolean; resolve: () => void }>();
  private last: number | undefined;
  private waiters = new Set<Waiter>();
  private subscriptions: Subscription[] = [];

  constructor(
    readonly userId: UserId,
    readonly transport: Transport,
    private readonly timeoutMs: number,
  ) {
    this.subscriptions.push(transport.events$.subscribe((event) => this.push(event)));
    this.subscriptions.push(transport.connection$.subscribe((state) => this.states.push(state)));
    this.subscriptions.push(
      transport.presence$.subscribe((change) => {
        this.presence.push(change);
        for (const waiter of [...this.presenceWaiters]) {
          if (this.presence.length - 1 >= waiter.from && waiter.predicate(change)) {
            this.presenceWaiters.delete(waiter);
            waiter.resolve();
          }
        }
      }),
    );
  }

  /** Where the presence log is now, for `waitForPresence`. */
  markPresence(): number {
    return this.presence.length;
  }

  /** The first change on `presence$` (at or after `from`) matching `predicate`, received already or later. */
  waitForPresence(description: string, predicate: (change: PresenceChange) => boolean, from = 0): Promise<void> {
    if (this.presence.slice(from).some(predicate)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        from,
        predicate,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.presenceWaiters.delete(waiter);
        const seen = this.presence.slice(from).map((c) => `${c.userId} ${c.channel} ${c.state}`);
        reject(
          new ConformanceError(
            `${this.userId} did not receive ${description} on presence$ within ${this.timeoutMs} ms; it received ${seen.length ? seen.slice(-12).join(', ') : 'nothing'}`,
          ),
        );
      }, this.timeoutMs);
      this.presenceWaiters.add(waiter);
    });
  }

  private push(stream: StreamEvent): void {
    if (stream.event.type === 'snapshot') {
      this.last = stream.position;
    } else if (this.last !== undefined && stream.position !== this.last + 1) {
      this.violations.push(`${this.userId} received position ${stream.position} right after ${this.last}`);
      this.last = stream.position;
    } else {
      this.last = stream.position;
    }
    this.events.push(stream);
    const index = this.events.length - 1;
    for (const waiter of [...this.waiters]) {
      if (index >= waiter.from && waiter.predicate(stream.event, stream)) {
        this.waiters.delete(waiter);
        waiter.resolve(stream);
      }
    }
  }

  /** Where the log is now: pass it to `waitFor` to look only at later events. */
  mark(): number {
    return this.events.length;
  }

  /** The position of the last event received (what a resume starts from). */
  get position(): StreamEvent | undefined {
    return this.events[this.events.length - 1];
  }

  /**
   * The first event (at or after `from`) matching `predicate`, received already or later.
   * Fails after the timeout, saying what was awaited and what arrived instead.
   */
  waitFor<E extends ChatEvent = ChatEvent>(
    description: string,
    predicate: (event: ChatEvent, stream: StreamEvent) => boolean,
    from = 0,
  ): Promise<E> {
    for (let i = from; i < this.events.length; i++) {
      const stream = this.events[i]!;
      if (predicate(stream.event, stream)) return Promise.resolve(stream.event as E);
    }
    return new Promise<E>((resolve, reject) => {
      const waiter: Waiter = {
        from,
        predicate,
        resolve: (stream) => {
          clearTimeout(timer);
          resolve(stream.event as E);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const seen = this.events
          .slice(from)
          .map((stream) => summarize(stream.event))
          .slice(-12);
        reject(
          new ConformanceError(
            `${this.userId} did not receive ${description} within ${this.timeoutMs} ms; ` +
              `it received ${seen.length ? seen.join(', ') : 'nothing'}${this.events.length - from > 12 ? ' (last 12 shown)' : ''}`,
          ),
        );
      }, this.timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Resolves when the connection reaches `status`. */
  waitForState(status: ConnectionState['status']): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        subscription.unsubscribe();
        reject(new ConformanceError(`${this.userId}'s connection did not become "${status}" within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      const subscription = this.transport.connection$.subscribe((state) => {
        if (state.status !== status) return;
        clearTimeout(timer);
        queueMicrotask(() => subscription.unsubscribe());
        resolve();
      });
    });
  }

  stop(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    this.subscriptions = [];
    this.waiters.clear();
    this.presenceWaiters.clear();
  }
}

/** A short readable name for an event, for failure messages. */
export function summarize(event: ChatEvent): string {
  switch (event.type) {
    case 'entry-added':
      return `entry-added(${event.entry.visibility === 'agents' ? 'agents: ' : ''}${show(event.entry.text)})`;
    case 'party-updated':
      return `party-updated(${event.party.userId}: ${event.party.state})`;
    case 'invitation-updated':
      return `invitation-updated(${event.invitation.kind} → ${event.invitation.invitee?.id ?? event.invitation.target.id}: ${event.invitation.state})`;
    case 'session-updated':
      return `session-updated(${event.state}${event.ownerId ? `, owner ${event.ownerId}` : ''})`;
    case 'session-added':
      return `session-added(${event.session.kind})`;
    case 'error':
      return `error(${event.error.code})`;
    default:
      return event.type;
  }
}

/** One user of a scenario: a connected transport, its events, and commands with expectations. */
export class Actor {
  constructor(
    readonly id: UserId,
    readonly transport: Transport,
    readonly log: EventCollector,
    /** How long a `send()` may take to answer. */
    readonly timeoutMs: number,
  ) {}

  /** The transport's answer, bounded by the suite's timeout. */
  send(command: Command): Promise<CommandResult> {
    const type = typeof command === 'object' && command !== null && typeof command.type === 'string' ? command.type : 'malformed';
    return within(this.transport.send(command), this.timeoutMs, `${this.id}'s ${type} command (send)`);
  }

  async expectOk(command: Command, what: string): Promise<CommandValue | undefined> {
    const result = await this.send(command);
    if (!result.ok) {
      throw new ConformanceError(`${this.id} could not ${what}: ${result.error.code} (${result.error.message})`);
    }
    return result.value;
  }

  /** A directory search that must succeed, bounded by the suite's timeout. */
  async search(query: DirectoryQuery, what: string): Promise<DirectoryPage> {
    try {
      return await within(this.transport.searchDirectory(query), this.timeoutMs, `${this.id}'s searchDirectory (${what})`);
    } catch (error) {
      if (error instanceof ChatCommandError) throw new ConformanceError(`${this.id} could not search the directory (${what}): ${error.code} (${error.message})`);
      throw error;
    }
  }

  /** A watch list that must be taken, bounded by the suite's timeout. */
  async watch(ids: readonly string[], what: string): Promise<DirectoryTarget[]> {
    try {
      return await within(this.transport.watchTargets(ids), this.timeoutMs, `${this.id}'s watchTargets (${what})`);
    } catch (error) {
      if (error instanceof ChatCommandError) throw new ConformanceError(`${this.id} could not watch targets (${what}): ${error.code} (${error.message})`);
      throw error;
    }
  }

  /** Expects `call` to reject with a ChatCommandError of `code` and a readable message. */
  async expectRejection(call: () => Promise<unknown>, code: ErrorCode, what: string): Promise<void> {
    let outcome: unknown;
    try {
      await within(
        Promise.resolve().then(call),
        this.timeoutMs,
        `${this.id}'s ${what}`,
      );
    } catch (error) {
      outcome = error;
    }
    if (outcome instanceof ConformanceError) throw outcome;
    check(outcome !== undefined, `${what}: ${this.id}'s request was answered, but it should be refused with ${code}`);
    // A ChatCommandError, or any error with the same code and message (a vendor's own class).
    const error = outcome as { code?: unknown; message?: unknown; name?: unknown };
    check(
      outcome instanceof Error && typeof error.code === 'string',
      `${what}: expected a ChatCommandError (${code}) but got ${outcome instanceof Error ? `${outcome.name}: ${outcome.message}` : show(outcome)}`,
    );
    check(error.code === code, `${what}: expected error ${code} but got ${String(error.code)} (${String(error.message)})`);
    check(typeof error.message === 'string' && error.message.length > 0, `${what}: the ${code} error has no readable message`);
  }

  async expectError(command: unknown, code: ErrorCode | ErrorCode[], what: string): Promise<void> {
    const result = await this.send(command as Command);
    const codes = Array.isArray(code) ? code : [code];
    check(!result.ok, `${what}: ${this.id}'s command was accepted, but it should be refused with ${codes.join(' or ')}`);
    check(
      codes.includes(result.error.code),
      `${what}: expected error ${codes.join(' or ')} but got ${result.error.code} (${result.error.message})`,
    );
    check(
      typeof result.error.message === 'string' && result.error.message.length > 0,
      `${what}: the ${result.error.code} error has no readable message`,
    );
  }
}
