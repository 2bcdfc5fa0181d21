import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));

export interface Node {
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

export interface NodeOptions {
  redisUrl: string;
  prefix: string;
  nodeId: string;
  secret: string;
  /** More environment, e.g. ALLOWED_ORIGINS. */
  env?: Record<string, string>;
}

/** `npm run server` as an operator starts it, in cluster mode, on a free port. */
export async function startNode({ redisUrl, prefix, nodeId, secret, env = {} }: NodeOptions): Promise<Node> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wc-node-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, WORKSPACE_CHAT_SECRET: secret, REDIS_URL: redisUrl, REDIS_PREFIX: prefix, NODE_ID: nodeId, DEMO_TOKENS: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node ${nodeId} did not start within 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /workspace-chat server: http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`node ${nodeId} exited with ${code} before listening:\n${output}`));
    });
  });
  return {
    port,
    process: child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
