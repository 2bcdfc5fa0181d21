import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { ChatEvent, Command, CommandResult } from '../../../src/engine/types.js';
import { parseServerFrame, type ServerFrame } from '../../../src/protocol/index.js';
import type { StreamPosition } from '../../../src/transport/types.js';
import { createChatServer, type ChatServer, type ChatServerOptions } from '../../../server/create-server.js';
import type { LogEntry } from '../../../server/logger.js';

export const SECRET = 'test-secret-0123456789abcdef';
/** Upper bound for any single wait, so a broken server fails a test instead of hanging it. */
const WAIT_MS = 5000;

export interface TestServer {
  server: ChatServer;
  dataDir: string;
  logs: LogEntry[];
  /** Starts another server on the same data directory (after closing this one). */
  restart(options?: Partial<ChatServerOptions>): Promise<TestServer>;
  close(): Promise<void>;
}

/** A server on a free loopback port with a fresh temp data directory and captured logs. */
export async function startServer(options: Partial<ChatServerOptions> = {}, dataDir?: string): Promise<TestServer> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'wc-server-'));
  const logs: LogEntry[] = [];
  const server = await createChatServer({
    secret: SECRET,
    host: '127.0.0.1',
    port: 0,
    dataDir: dir,
    logger: (entry) => logs.push(entry),
    ...options,
  });
  const test: TestServer = {
    server,
    dataDir: dir,
    logs,
    async restart(more = {}) {
      await server.close();
      return startServer({ ...options, ...more }, dir);
    },
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return test;
}

export interface StreamFrame {
  epoch: string;
  position: number;
  event: ChatEvent;
}

/** A raw `ws` client that records every frame the server sends, validated by the protocol. */
export class Client {
  readonly frames: ServerFrame[] = [];
  /** Each frame as it came over the wire, before validation dropped anything it does not know. */
  readonly wire: unknown[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: (() => void)[] = [];
  private taken = new Set<number>();
  private nextId = 0;
  /** Frame ids double as idempotency keys per user, so they must be unique across a user's connections. */
  private readonly idPrefix = `${Math.random().toString(36).slice(2, 10)}-`;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const json: unknown = JSON.parse(data.toString());
      this.wire.push(json);
      const parsed = parseServerFrame(json);
      assert.ok(parsed.ok, `the server sent an invalid frame: ${!parsed.ok ? parsed.error.message : ''}`);
      this.frames.push(parsed.value);
      this.wake();
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        this.wake();
      });
    });
  }

  static open(url: string, options: { origin?: string } = {}): Promise<Client> {
    const socket = new WebSocket(url, options.origin ? { origin: options.origin } : {});
    const client = new Client(socket);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(client));
      socket.once('error', reject);
    });
  }

  /** Opens a connection and signs in as `userId`; resolves once the hello was accepted and its first events arrived. */
  static async signIn(server: ChatServer, userId: string, resumeFrom?: StreamPosition): Promise<Client> {
    const client = await Client.open(server.wsUrl);
    client.send({ type: 'hello', token: server.issueToken(userId), ...(resumeFrom ? { resumeFrom } : {}) });
    await client.sync();
    return client;
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Resolves once every frame the server sent before answering this ping has arrived. */
  async sync(): Promise<void> {
    const id = `${this.idPrefix}sync-${++this.nextId}`;
    this.send({ type: 'ping', id });
    await this.waitFor((frame) => frame.type === 'pong' && frame.id === id, `pong ${id}`);
  }

  async command(command: Command, id = `${this.idPrefix}${++this.nextId}`): Promise<CommandResult> {
    this.send({ type: 'command', id, command });
    const frame = await this.waitFor((f) => f.type === 'result' && f.id === id, `result ${id}`);
    assert.ok(frame.type === 'result');
    return frame.result;
  }

  /** Runs a command that must succeed and returns its value. */
  async ok(command: Command): Promise<NonNullable<Extract<CommandResult, { ok: true }>['value']>> {
    const result = await this.command(command);
    assert.ok(result.ok, `${command.type} was refused: ${!result.ok ? `${result.error.code} ${result.error.message}` : ''}`);
    return result.value ?? {};
  }

  /** The first frame not yet taken that matches, waiting for it if need be. */
  waitFor(match: (frame: ServerFrame) => boolean, label: string): Promise<ServerFrame> {
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const check = (): boolean => {
        const index = this.frames.findIndex((frame, i) => !this.taken.has(i) && match(frame));
        if (index >= 0) {
          this.taken.add(index);
          clearTimeout(timer);
          resolve(this.frames[index]!);
          return true;
        }
        if (this.socket.readyState === WebSocket.CLOSED) {
          clearTimeout(timer);
          reject(new Error(`connection closed while waiting for ${label}`));
          return true;
        }
        return false;
      };
      if (check()) return;
      const waiter = () => {
        if (check()) this.waiters = this.waiters.filter((w) => w !== waiter);
      };
      this.waiters.push(waiter);
      timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no ${label} within ${WAIT_MS} ms; frames: ${JSON.stringify(this.frames.map((f) => f.type))}`));
      }, WAIT_MS);
    });
  }

  /** Event frames, in arrival order. */
  get events(): StreamFrame[] {
    return this.frames.flatMap((f) => (f.type === 'event' ? [{ epoch: f.epoch, position: f.position, event: f.event }] : []));
  }

  get errors() {
    return this.frames.flatMap((f) => (f.type === 'error' ? [f.error] : []));
  }

  /** Where this client would resume from: the last event it received. */
  get lastPosition(): StreamPosition {
    const last = this.events.at(-1);
    assert.ok(last, 'no event received yet');
    return { epoch: last.epoch, position: last.position };
  }

  async close(): Promise<void> {
    if (this.socket.readyState !== WebSocket.CLOSED) this.socket.close(1000);
    await this.closed;
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

/**
 * The transcript texts a client was shown, from its events: a session's transcript as it
 * arrived (snapshot or session-added), then each entry-added. Without `sessionId`: every session's.
 */
export function entryTexts(frames: StreamFrame[], sessionId?: string): string[] {
  const bySession = new Map<string, string[]>();
  const wanted = (id: string) => sessionId === undefined || id === sessionId;
  for (const { event } of frames) {
    if (event.type === 'snapshot') {
      for (const s of event.snapshot.sessions) if (wanted(s.id)) bySession.set(s.id, s.transcript.map((e) => e.text));
    } else if (event.type === 'session-added' && wanted(event.session.id)) {
      bySession.set(event.session.id, event.session.transcript.map((e) => e.text));
    } else if (event.type === 'entry-added' && wanted(event.sessionId)) {
      const list = bySession.get(event.sessionId) ?? [];
      list.push(event.entry.text);
      bySession.set(event.sessionId, list);
    }
  }
  return [...bySession.values()].flat();
}

/** Checks a stream's positions: one snapshot (optional) then consecutive positions, no duplicates. */
export function assertConsecutive(frames: StreamFrame[]): void {
  for (let i = 1; i < frames.length; i++) {
    assert.equal(frames[i]!.position, frames[i - 1]!.position + 1, `position after ${frames[i - 1]!.position}`);
  }
}

export const SUBJECT = 'Help with on line purchase';

/** Avril starts the seed chat and Kate (first Ready agent of Chat Support) accepts it. */
export async function activeChat(avril: Client, kate: Client): Promise<string> {
  const { sessionId, invitationId } = await avril.ok({ type: 'start-chat', subject: SUBJECT, caseData: { Order: '000205' } });
  assert.ok(sessionId && invitationId);
  await kate.waitFor((f) => f.type === 'event' && f.event.type === 'invitation-updated' && f.event.invitation.id === invitationId, 'the chat invitation');
  await kate.ok({ type: 'accept-invitation', invitationId });
  return sessionId;
}
