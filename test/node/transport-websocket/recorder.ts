import WebSocket from 'ws';
import type { ChatEvent } from '../../../src/engine/types.js';
import { createWebSocketTransport, type WebSocketTransportOptions } from '../../../src/transport/websocket/index.js';
import type { ConnectionState, StreamEvent, Transport } from '../../../src/transport/types.js';
import { waitLimitMs, within } from './bounds.js';

/** Every transport a test made, so the file can disconnect them all and exit even after a failure. */
const made = new Set<Transport>();

/** Disconnects every transport made so far (each bounded): call it from the file's `after`. */
export async function disconnectAll(): Promise<void> {
  const all = [...made];
  made.clear();
  await Promise.all(all.map((t) => within('a transport to disconnect after the tests', t.disconnect()).catch(() => undefined)));
}

/**
 * The transport with each of its promises bounded: `await t.transport.connect(...)` fails
 * naming the call instead of waiting forever when the transport never settles it.
 */
function bounded(transport: Transport): Transport {
  made.add(transport);
  return {
    events$: transport.events$,
    connection$: transport.connection$,
    connect: (options) => within(`transport.connect as ${options.userId} to settle`, transport.connect(options)),
    send: (command) => within(`the answer to ${command.type}`, transport.send(command)),
    disconnect: () => within('transport.disconnect() to settle', transport.disconnect()),
    presence$: transport.presence$,
    searchDirectory: (query) => within(`the answer to the search ${JSON.stringify(query)}`, transport.searchDirectory(query)),
    watchTargets: (ids) => within('the answer to watchTargets', transport.watchTargets(ids)),
  } as Transport;
}

/** A transport with what it emitted recorded: events, connection states, and waits on both. */
export class Recorded {
  readonly events: StreamEvent[] = [];
  readonly states: ConnectionState[] = [];
  private listeners = new Set<() => void>();

  readonly transport: Transport;

  constructor(transport: Transport) {
    this.transport = bounded(transport);
    transport.events$.subscribe((e) => {
      this.events.push(e);
      this.changed();
    });
    transport.connection$.subscribe((s) => {
      this.states.push(s);
      this.changed();
    });
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }

  get state(): ConnectionState {
    return this.states[this.states.length - 1]!;
  }

  /** Stream events other than transport-reported errors. */
  stream(): StreamEvent[] {
    return this.events.filter((e) => e.event.type !== 'error');
  }

  errors(): Extract<ChatEvent, { type: 'error' }>['error'][] {
    return this.events.flatMap((e) => (e.event.type === 'error' ? [e.event.error] : []));
  }

  /** Session ids of the numbered events delivered so far, in order. */
  numbers(): string[] {
    return this.events.flatMap((e) => (e.event.type === 'session-removed' ? [e.event.sessionId] : []));
  }

  until(description: string, condition: () => boolean): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        clearInterval(poll);
        this.listeners.delete(check);
        reject(new Error(`timed out waiting for ${description}; states ${JSON.stringify(this.states)}, events ${JSON.stringify(this.events.map((e) => [e.epoch, e.position, e.event.type]))}`));
      }, waitLimitMs());
      // Also polled: some conditions (timers, sockets) change without an emission.
      const poll = setInterval(() => check(), 5);
      const check = () => {
        if (!condition()) return;
        clearTimeout(timer);
        clearInterval(poll);
        this.listeners.delete(check);
        resolve();
      };
      this.listeners.add(check);
    });
  }

  untilStatus(status: ConnectionState['status']): Promise<void> {
    return this.until(`status ${status}`, () => this.state.status === status);
  }
}

/** The transport under test, on `ws` in Node 20, recorded. */
export function wsTransport(url: string, options: Partial<WebSocketTransportOptions> = {}): Recorded {
  return new Recorded(createWebSocketTransport({ url, WebSocket, random: () => 0, ...options }));
}

/** Lets pending socket I/O and promise callbacks run. */
export function tick(ms = 20): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
