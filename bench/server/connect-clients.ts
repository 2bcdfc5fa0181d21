// The client side of bench/server/connect.ts, in a child process so that the server under
// test and its clients each have a core: opens one socket per agent (at most `concurrency`
// signing in at once), sends hello, and waits for the first frame (the snapshot). The
// clients do not parse it: a browser would, but that is the browser's cost, not the server's.
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

export interface ConnectRequest {
  url: string;
  tokens: string[];
  concurrency: number;
}

export interface ConnectReport {
  /** From the first socket opened until every agent had its first frame. */
  connectMs: number;
  meanFirstFrameBytes: number;
  failures: number;
}

async function run(request: ConnectRequest): Promise<ConnectReport> {
  const sockets: WebSocket[] = [];
  let bytes = 0;
  let failures = 0;
  const open = (token: string) =>
    new Promise<void>((resolve) => {
      const socket = new WebSocket(request.url, { perMessageDeflate: false, maxPayload: 512 * 1024 * 1024 });
      sockets.push(socket);
      let done = false;
      const finish = (ok: boolean) => {
        if (done) return;
        done = true;
        if (!ok) failures++;
        resolve();
      };
      socket.once('open', () => socket.send(JSON.stringify({ type: 'hello', token })));
      socket.once('message', (data: Buffer) => {
        bytes += data.length;
        finish(true);
      });
      socket.once('error', () => finish(false));
      socket.once('close', () => finish(false));
    });
  const started = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < request.tokens.length) await open(request.tokens[next++]!);
  };
  await Promise.all(Array.from({ length: request.concurrency }, lane));
  const connectMs = performance.now() - started;
  for (const socket of sockets) socket.terminate();
  return { connectMs, meanFirstFrameBytes: bytes / Math.max(1, request.tokens.length - failures), failures };
}

process.once('message', (request: ConnectRequest) => {
  void run(request).then(
    (report) => process.send!(report, () => process.exit(0)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
