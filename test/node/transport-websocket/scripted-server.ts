import { WebSocketServer, type WebSocket } from 'ws';
import type { AddressInfo } from 'node:net';
import type { Transport } from '../../../src/transport/types.js';
import { waitLimitMs, within } from './bounds.js';

/** A frame the client sent, parsed (or the raw text when it was not JSON). */
export type ReceivedFrame = { type: string; [key: string]: unknown };

/** One client connection to the scripted server; the test plays the server's part by hand. */
export class ScriptedConnection {
  readonly frames: ReceivedFrame[] = [];
  private waiters: { predicate: (f: ReceivedFrame) => boolean; from: number; resolve: (f: ReceivedFrame) => void }[] = [];
  private readonly closing: Promise<number>;

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as ReceivedFrame;
      this.frames.push(frame);
      for (const waiter of [...this.waiters]) {
        if (this.frames.length - 1 >= waiter.from && waiter.predicate(frame)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(frame);
        }
      }
    });
    this.closing = new Promise((resolve) => socket.on('close', (code) => resolve(code)));
  }

  /** The close code once the socket closes (bounded: a socket left open fails the test). */
  get closed(): Promise<number> {
    return within('the client to close its socket', this.closing);
  }

  /** The first frame (from index `from`) of `type` matching `predicate`, received already or later. */
  next(type: string, predicate: (f: ReceivedFrame) => boolean = () => true, from = 0): Promise<ReceivedFrame> {
    const match = (f: ReceivedFrame) => f.type === type && predicate(f);
    const found = this.frames.slice(from).find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for a ${type} frame; got ${JSON.stringify(this.frames)}`)), waitLimitMs());
      this.waiters.push({ predicate: match, from, resolve: (f) => (clearTimeout(timer), resolve(f)) });
    });
  }

  hello(): Promise<ReceivedFrame> {
    return this.next('hello');
  }

  commands(): ReceivedFrame[] {
    return this.frames.filter((f) => f.type === 'command');
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  sendBinary(bytes: Uint8Array): void {
    this.socket.send(bytes, { binary: true });
  }

  /** Answers the ping that follows hello: the client counts itself connected. */
  async acceptHello(): Promise<ReceivedFrame> {
    const hello = await this.hello();
    const ping = await this.next('ping');
    this.send({ type: 'pong', id: ping.id });
    return hello;
  }

  event(epoch: string, position: number, event: unknown): void {
    this.send({ type: 'event', epoch, position, event });
  }

  close(code: number, reason = ''): void {
    this.socket.close(code, reason);
  }

  /** Drops the TCP connection without a closing handshake, as a network loss would. */
  cut(): void {
    this.socket.terminate();
  }
}

export interface ScriptedServer {
  url: string;
  /** The next connection (waits for it when none is unclaimed). */
  nextConnection(): Promise<ScriptedConnection>;
  /** How many connections were opened so far. */
  readonly count: number;
  close(): Promise<void>;
}

export async function startScriptedServer(): Promise<ScriptedServer> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const unclaimed: ScriptedConnection[] = [];
  const waiting: ((c: ScriptedConnection) => void)[] = [];
  let count = 0;
  server.on('connection', (socket) => {
    count++;
    const connection = new ScriptedConnection(socket);
    const waiter = waiting.shift();
    if (waiter) waiter(connection);
    else unclaimed.push(connection);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    get count() {
      return count;
    },
    nextConnection() {
      const ready = unclaimed.shift();
      if (ready) return Promise.resolve(ready);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timed out waiting for the transport to open a connection')), waitLimitMs());
        waiting.push((c) => (clearTimeout(timer), resolve(c)));
      });
    },
    async close() {
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A snapshot event body for `userId` with nothing in it. */
/** Connects `transport` as Kate and answers with a snapshot at position 1; returns the connection. */
export async function connectWithSnapshot(server: ScriptedServer, transport: Transport): Promise<ScriptedConnection> {
  const connected = transport.connect({ userId: 'kate', token: 't' });
  const conn = await server.nextConnection();
  await conn.hello();
  conn.event('e1', 1, emptySnapshot());
  await connected;
  return conn;
}

export function emptySnapshot(userId = 'kate') {
  return {
    type: 'snapshot',
    snapshot: {
      user: { id: userId, name: 'Kate Lewis', role: 'agent' },
      sessions: [],
      invitations: [],
      config: {
        maxMessageLength: 4000,
        maxFieldLength: 1000,
        inviteTimeoutMs: 30000,
        afterCallWork: { mode: 'none', durationMs: 0 },
        disposition: { codes: [], style: 'list', required: false },
      },
    },
  };
}

/** A small non-snapshot event that names `n`, so a test can tell which ones arrived. */
export function numbered(n: number) {
  return { type: 'session-removed', sessionId: `s${n}` };
}
