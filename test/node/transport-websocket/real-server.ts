import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { Role } from '../../../src/engine/types.js';
import { seedDirectory } from '../../../src/seed/directory.js';
import type { Transport } from '../../../src/transport/types.js';
import { createWebSocketTransport, type WebSocketTransportOptions } from '../../../src/transport/websocket/index.js';
import { createToken } from '../../../server/auth.js';
import type { ServerClock } from '../../../server/clock.js';
import { within } from './bounds.js';
import { createChatServer, type ChatServer, type ChatServerOptions } from '../../../server/create-server.js';

export const SECRET = 'websocket-transport-test-secret';

const roles = new Map<string, Role>(
  seedDirectory().flatMap((entry) => (entry.kind === 'agent' || entry.kind === 'contact' ? [[entry.id, entry.kind] as const] : [])),
);

/** A token for a seeded user, signed as the server expects. */
export function tokenFor(userId: string, now = Date.now()): string {
  const role = roles.get(userId);
  if (!role) throw new Error(`${userId} is not a seeded user`);
  return createToken(SECRET, { userId, role, ttlSeconds: 3600, now });
}

/**
 * The reference server on a free loopback port with a temporary data directory, and the
 * transports made for it; `stop` closes all of them and deletes the directory.
 */
export class RealServer {
  server!: ChatServer;
  readonly transports: Transport[] = [];
  private constructor(
    readonly dataDir: string,
    private readonly options: Partial<ChatServerOptions>,
  ) {}

  static async start(options: Partial<ChatServerOptions> = {}): Promise<RealServer> {
    const dataDir = await mkdtemp(join(tmpdir(), 'wc-ws-transport-'));
    const real = new RealServer(dataDir, options);
    real.server = await real.create();
    return real;
  }

  private create(port?: number): Promise<ChatServer> {
    return createChatServer({
      secret: SECRET,
      dataDir: this.dataDir,
      logger: () => {},
      // Tests send faster than a person types; the rate limit has its own tests.
      limits: { messagesPerWindow: 100_000, burst: 100_000 },
      ...this.options,
      ...(port !== undefined ? { port } : {}),
    });
  }

  /** Graceful shutdown (clients are told 1012), then the same server again on the same port and data. */
  async restart(): Promise<void> {
    const port = this.server.port;
    await this.server.close();
    this.server = await this.create(port);
  }

  /** A transport signing in with a fresh token for whichever user it connects as. */
  transport(options: Partial<WebSocketTransportOptions> = {}, clock?: ServerClock): Transport {
    const transport = createWebSocketTransport({
      url: this.server.wsUrl,
      WebSocket,
      getToken: (userId) => tokenFor(userId, clock?.now()),
      ...options,
    });
    this.transports.push(transport);
    return transport;
  }

  async stop(): Promise<void> {
    await Promise.all(this.transports.map((t) => within('a transport to disconnect', t.disconnect()).catch(() => undefined)));
    await within('the server to close', this.server.close());
    await rm(this.dataDir, { recursive: true, force: true });
  }
}
