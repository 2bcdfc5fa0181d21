import { after, describe, it } from 'node:test';
import WebSocket from 'ws';
import { createManualClock } from '../../../server/clock.js';
import { createChatServer, type ChatServer } from '../../../server/create-server.js';
import { runConformance } from '../../../src/conformance/index.js';
import { createWebSocketTransport } from '../../../src/transport/websocket/index.js';
import type { Transport } from '../../../src/transport/types.js';
import { startRedis } from '../cluster/redis-harness.js';
import { SECRET, tokenFor } from '../transport-websocket/real-server.js';

// The WebSocket transport against a cluster: two nodes on one Redis, each user on the node
// their name picks, so every scenario crosses nodes. One manual clock drives both nodes.
const redis = await startRedis();
// Every node ever started, so a scenario that failed before it could clean up leaves nothing running.
const started: ChatServer[] = [];
after(async () => {
  await Promise.all(started.map((node) => node.close()));
  await redis.stop();
});
let clusters = 0;

await runConformance({
  name: 'WebSocket transport on a two-node cluster',
  capabilities: ['queues', 'routing-points', 'consultation', 'time-out', 'resume'],
  describe,
  it,
  // Two nodes connect to Redis and catch up before a scenario starts: more than a single wait on a busy machine.
  timeoutMs: 10_000,
  async createTransport() {
    const clock = createManualClock();
    const prefix = `conf${++clusters}:`;
    const nodes: ChatServer[] = [];
    for (const nodeId of ['n1', 'n2']) {
      nodes.push(
        await createChatServer({
          secret: SECRET,
          port: 0,
          clock,
          logger: () => {},
          limits: { messagesPerWindow: 100_000, burst: 100_000 },
          redis: { url: redis.url, prefix, nodeId, tickerLeaseMs: 300 },
        }),
      );
      started.push(nodes.at(-1)!);
    }
    const transports: Transport[] = [];
    return {
      transportFor(userId) {
        const node = nodes[[...userId].reduce((sum, c) => sum + c.charCodeAt(0), 0) % nodes.length]!;
        const transport = createWebSocketTransport({ url: node.wsUrl, WebSocket, getToken: (id) => tokenFor(id, clock.now()) });
        transports.push(transport);
        return transport;
      },
      async advance(ms) {
        clock.advance(ms);
      },
      async cleanup() {
        await Promise.all(transports.map((t) => t.disconnect().catch(() => undefined)));
        await Promise.all(nodes.map((n) => n.close()));
      },
    };
  },
});
