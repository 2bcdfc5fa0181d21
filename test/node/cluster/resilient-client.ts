import assert from 'node:assert/strict';
import type { Command, CommandResult } from '../../../src/engine/types.js';
import type { StreamPosition } from '../../../src/transport/types.js';
import type { ChatServer } from '../../../server/create-server.js';
import { Client, type StreamFrame } from '../server/helpers.js';

/**
 * A test client that behaves like the WebSocket transport under faults: a command that gets
 * no answer, or "not-connected", is sent again with the same id (so the server applies it
 * once); a dropped connection is opened again with `resumeFrom`. It keeps every event it
 * was given across connections, to check that the stream has no gap and no duplicate.
 */
export class ResilientClient {
  /** Every event delivered, across reconnections, in arrival order. */
  readonly stream: StreamFrame[] = [];
  reconnections = 0;
  private client!: Client;
  private taken = 0;
  private counter = 0;

  private constructor(
    private readonly endpoint: () => ChatServer,
    readonly userId: string,
  ) {}

  static async connect(endpoint: () => ChatServer, userId: string): Promise<ResilientClient> {
    const resilient = new ResilientClient(endpoint, userId);
    await resilient.reconnect();
    return resilient;
  }

  get position(): StreamPosition | undefined {
    const last = this.stream.at(-1);
    return last && { epoch: last.epoch, position: last.position };
  }

  /** Sends until answered; resolves with the answer, which is not "not-connected". */
  async command(command: Command, deadlineMs = 60_000): Promise<CommandResult> {
    const id = `${this.userId}-${process.pid}-${++this.counter}`;
    const until = Date.now() + deadlineMs;
    for (;;) {
      assert.ok(Date.now() < until, `${this.userId}: ${command.type} got no answer within ${deadlineMs} ms`);
      try {
        const result = await withTimeout(this.client.command(command, id), 6000, `${this.userId}: result of ${command.type}`);
        this.collect();
        if (result.ok || result.error.code !== 'not-connected') return result;
      } catch {
        // no answer or the connection went: fall through and reconnect
      }
      await this.reconnect();
    }
  }

  /** Makes sure this client is connected and has every event up to now. */
  async settle(): Promise<void> {
    for (let attempt = 0; attempt < 10; attempt++) {
      try {
        await withTimeout(this.client.sync(), 6000, `${this.userId}: sync`);
        this.collect();
        return;
      } catch {
        await this.reconnect();
      }
    }
    assert.fail(`${this.userId} could not settle`);
  }

  async close(): Promise<void> {
    this.collect();
    await this.client.close();
  }

  private collect(): void {
    const events = this.client.events;
    for (; this.taken < events.length; this.taken++) this.stream.push(events[this.taken]!);
  }

  private async reconnect(): Promise<void> {
    if (this.client) {
      this.collect();
      this.client.socket.terminate();
      this.reconnections++;
    }
    for (let attempt = 0; ; attempt++) {
      try {
        this.client = await withTimeout(Client.signIn(this.endpoint(), this.userId, this.position), 8000, `${this.userId}: sign-in`);
        this.taken = 0;
        this.collect();
        return;
      } catch (error) {
        if (attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * Math.min(attempt + 1, 5)));
      }
    }
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** One snapshot at most (at the start), then positions one apart: no gap, no duplicate. */
export function assertNoGapNoDuplicate(userId: string, stream: StreamFrame[]): void {
  assert.ok(stream.length > 0, `${userId} received nothing`);
  const epochs = new Set(stream.map((f) => f.epoch));
  assert.equal(epochs.size, 1, `${userId}: one epoch`);
  stream.slice(1).forEach((frame, i) => {
    assert.notEqual(frame.event.type, 'snapshot', `${userId}: a snapshot mid-stream at ${frame.position} means resume failed`);
    assert.equal(frame.position, stream[i]!.position + 1, `${userId}: position after ${stream[i]!.position}`);
  });
}
