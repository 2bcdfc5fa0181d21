import type { Subscription } from 'rxjs';
import type { ChatEvent, Command, CommandResult, CommandValue, ErrorCode, UserId } from '../engine/types.js';
import type { ConnectionState, StreamEvent, Transport } from '../transport/types.js';
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
