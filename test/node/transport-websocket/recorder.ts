import WebSocket from 'ws';
import type { ChatEvent } from '../../../src/engine/types.js';
import { createWebSocketTransport, type WebSocketTransportOptions } from '../../../src/transport/websocket/index.js';
import type { ConnectionState, StreamEvent, Transport } from '../../../src/transport/types.js';

/** A transport with what it emitted recorded: events, connection states, and waits on both. */
export class Recorded {
  readonly events: StreamEvent[] = [];
  readonly states: ConnectionState[] = [];
  private listeners = new Set<() => void>();

  constructor(readonly transport: Transport) {
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
      }, 3000);
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
