import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error plain .mjs script without declarations
import { ensureRedis } from '../../../scripts/ensure-redis.mjs';

export interface TestRedis {
  port: number;
  url: string;
  dir: string;
  /** Stops the server (SIGKILL with `hard`) and removes its directory unless `keepData`. */
  stop(options?: { hard?: boolean; keepData?: boolean }): Promise<void>;
  /** Starts a server again on the same port and directory (after `stop({ keepData: true })`). */
  restart(): Promise<TestRedis>;
}

const READY_MS = 15_000;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let answer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      answer += chunk.toString();
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
  });
}

/**
 * A redis-server of the test's own: loopback only, a free port, a temp directory, append-only
 * file with fsync always (what the cluster's README asks of production), no RDB saves.
 */
export async function startRedis(existing?: { port: number; dir: string }): Promise<TestRedis> {
  const binary: string = ensureRedis({ log: () => {} });
  const dir = existing?.dir ?? mkdtempSync(join(tmpdir(), 'wc-redis-'));
  const port = existing?.port ?? (await freePort());
  const child: ChildProcess = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--protected-mode', 'yes', '--daemonize', 'no', '--loglevel', 'warning'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  const deadline = Date.now() + READY_MS;
  while (!(await ping(port))) {
    if (exited) throw new Error(`redis-server on port ${port} exited before it was ready:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server on port ${port} did not answer PING within ${READY_MS} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const redis: TestRedis = {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    async stop({ hard = false, keepData = false } = {}) {
      if (!exited) {
        child.kill(hard ? 'SIGKILL' : 'SIGTERM');
        await exit;
      }
      if (!keepData) rmSync(dir, { recursive: true, force: true });
    },
    restart: () => startRedis({ port, dir }),
  };
  return redis;
}
