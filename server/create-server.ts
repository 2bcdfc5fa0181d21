import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { DirectoryEntry, EngineConfig, Role, UserId } from '../src/engine/types.js';
import { engineCommandSchemas } from '../src/protocol/commands.js';
import { seedDirectory } from '../src/seed/directory.js';
import { createToken } from './auth.js';
import { createChatHub } from './chat-hub.js';
import type { EngineHub } from './hub.js';
import { systemClock, type ServerClock } from './clock.js';
import { CLOSE } from './close-codes.js';
import { ChatConnection, type ConnectionLimits } from './connection.js';
import { routeMatches, sendError, sendJson, serveStatic, type Route, type RouteHandler } from './http.js';
import { jsonLogger, type Logger } from './logger.js';
import { Budgets } from './rate-limit.js';
import { RefusalLog } from './refusal-log.js';

export interface ServerLimits extends ConnectionLimits {
  /** Events kept per user for resuming; a client further behind gets a snapshot. */
  logLimit: number;
  /** How long events are kept per user for resuming; a client away longer gets a snapshot. */
  logMaxAgeMs: number;
  /** How often connections are pinged; one that has not answered the previous ping is dropped. */
  heartbeatMs: number;
  /** Open sockets one user may hold (tabs, devices); one more is refused with 4429. */
  maxSocketsPerUser: number;
  /** Sockets still waiting for their hello, in all; more upgrades are refused with HTTP 503. */
  maxPendingHellos: number;
  /** Sockets still waiting for their hello from one address; more are refused with HTTP 429. */
  maxPendingHellosPerIp: number;
  /** Hello frames one address may send per `windowMs` (also its burst); more are refused with 4429. */
  hellosPerWindow: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  maxFrameBytes: 65_536,
  messagesPerWindow: 30,
  windowMs: 10_000,
  burst: 30,
  helloTimeoutMs: 10_000,
  maxBufferedBytes: 4 * 1024 * 1024,
  logLimit: 10_000,
  logMaxAgeMs: 15 * 60 * 1000,
  heartbeatMs: 30_000,
  refusalLogIntervalMs: 10_000,
  maxSocketsPerUser: 8,
  maxPendingHellos: 256,
  maxPendingHellosPerIp: 32,
  hellosPerWindow: 60,
};

export interface ChatServerOptions {
  /** HMAC key that signs and checks sign-in tokens. */
  secret: string;
  /** Default 127.0.0.1 (loopback only). */
  host?: string;
  /** Default 0: a free port (read it from `server.port`). */
  port?: number;
  /** The WebSocket endpoint's path (default `/ws`). */
  wsPath?: string;
  /**
   * Browser origins allowed to open a WebSocket. A request whose Origin header is present
   * and not listed is refused with HTTP 403. A request with no Origin header (a non-browser
   * client: browsers always send one) is let through: its token is what protects it.
   * Default: the server's own origin (`http://<host>:<port>`, plus localhost and 127.0.0.1
   * forms). `'*'` allows every origin.
   */
  allowedOrigins?: string[] | '*';
  /** Where the journal lives. Undefined: in memory only, lost on restart. */
  dataDir?: string;
  /**
   * Durable: answer a command only once its journal entry is flushed to disk, one flush per
   * batch of commands (default false here; `npm run server` turns it on; see server/README.md).
   */
  fsync?: boolean;
  /** Journal entries between snapshots (compaction; default 10,000; 0 never compacts). */
  compactEvery?: number;
  /** A snapshot also waits for the journal to reach this many times its size (see ChatHubOptions.compactRatio). */
  compactRatio?: number;
  /** Keep the state in `dataDir` but start a new epoch (after restoring a backup). */
  newEpoch?: boolean;
  /** Engine settings merged over the defaults. */
  config?: Partial<EngineConfig>;
  /** Default: the seeded directory (Kate Lewis, Jim Miller, Avril Mai, …). */
  directory?: DirectoryEntry[];
  limits?: Partial<ServerLimits>;
  /** Serves files from this directory for GET/HEAD requests no route answered. */
  staticDir?: string;
  /** HTTP routes, tried after the built-in ones (more can be added with `addRoute`). */
  routes?: Route[];
  /** Default: JSON lines on stdout. */
  logger?: Logger;
  /** Default: the system clock. Tests inject a manual one. */
  clock?: ServerClock;
  /**
   * Enables `GET /api/demo-users` and `GET /api/demo-token?user=<id>`, which hand out a
   * token for any directory user to anyone who asks. For demos only.
   */
  demoTokens?: boolean;
  /** Lifetime of demo tokens (default 12 hours). */
  demoTokenTtlSeconds?: number;
  /**
   * Cluster mode: Redis holds the truth (the ordered log of engine inputs) and this server is
   * one of several nodes that each serve any user (server/README.md, "Cluster"). `dataDir`,
   * `fsync` and `compactEvery` are then unused: durability is Redis's (`appendonly yes`).
   */
  redis?: {
    url: string;
    prefix?: string;
    nodeId?: string;
    commandTimeoutMs?: number;
    tickerLeaseMs?: number;
    compactEvery?: number;
    /** The node can no longer follow the cluster's log (see ClusterHubOptions.onFatal). */
    onFatal?: (reason: string) => void;
  };
}

export interface ChatServer {
  /** `http://host:port` */
  readonly url: string;
  /** `ws://host:port/ws` */
  readonly wsUrl: string;
  readonly host: string;
  readonly port: number;
  /** The stream epoch: unchanged across restarts on the same data directory. */
  readonly epoch: string;
  /** Open WebSocket connections. */
  readonly connections: number;
  /** Origins the WebSocket endpoint accepts (`'*'`: any). */
  readonly allowedOrigins: readonly string[] | '*';
  /** Adds an HTTP route (tried after the built-in routes and earlier routes). */
  addRoute(method: Route['method'], path: string, handler: RouteHandler): void;
  /** Signs a token for a directory user with that user's role (tests, demo sign-in, tools). */
  issueToken(userId: UserId, ttlSeconds?: number): string;
  /**
   * Graceful shutdown: refuses new connections, closes every WebSocket with 1012 (so clients
   * resume), flushes and closes the journal, closes HTTP. Safe to call twice.
   */
  close(): Promise<void>;
}

/** How long close() waits for clients to finish the closing handshake before cutting them off. */
const CLOSE_GRACE_MS = 2000;
const DEFAULT_DEMO_TOKEN_TTL_SECONDS = 12 * 60 * 60;

export async function createChatServer(options: ChatServerOptions): Promise<ChatServer> {
  if (typeof options?.secret !== 'string' || options.secret.length < 16) {
    throw new TypeError('createChatServer needs a secret of at least 16 characters.');
  }
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? jsonLogger();
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...(options.limits ?? {}) };
  const directory = options.directory ?? seedDirectory();
  const wsPath = options.wsPath ?? '/ws';
  const startedAt = Date.now();

  const users = new Map<UserId, { role: Role; name: string }>();
  for (const entry of directory) {
    if (entry.kind === 'agent' || entry.kind === 'contact') users.set(entry.id, { role: entry.kind, name: entry.name });
  }

  const hub: EngineHub = options.redis
    ? // Loaded only in cluster mode: a one-node server needs neither the code nor the `redis` package.
      await (await import('./cluster/cluster-hub.js')).createClusterHub({
        redisUrl: options.redis.url,
        ...(options.redis.prefix ? { prefix: options.redis.prefix } : {}),
        ...(options.redis.nodeId ? { nodeId: options.redis.nodeId } : {}),
        ...(options.redis.commandTimeoutMs ? { commandTimeoutMs: options.redis.commandTimeoutMs } : {}),
        ...(options.redis.tickerLeaseMs ? { tickerLeaseMs: options.redis.tickerLeaseMs } : {}),
        ...(options.redis.compactEvery !== undefined ? { compactEvery: options.redis.compactEvery } : {}),
        ...(options.redis.onFatal ? { onFatal: options.redis.onFatal } : {}),
        directory,
        clock,
        logger,
        logLimit: limits.logLimit,
        logMaxAgeMs: limits.logMaxAgeMs,
        ...(options.config ? { config: options.config } : {}),
      })
    : createChatHub({
        directory,
        clock,
        logger,
        logLimit: limits.logLimit,
        logMaxAgeMs: limits.logMaxAgeMs,
        ...(options.compactEvery !== undefined ? { compactEvery: options.compactEvery } : {}),
        ...(options.compactRatio !== undefined ? { compactRatio: options.compactRatio } : {}),
        ...(options.newEpoch ? { newEpoch: true } : {}),
        ...(options.config ? { config: options.config } : {}),
        ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
        ...(options.fsync !== undefined ? { fsync: options.fsync } : {}),
      });
  const schemas = engineCommandSchemas(hub.engine.config);

  const routes: Route[] = [...(options.routes ?? [])];
  const connections = new Set<ChatConnection>();
  const budgets = {
    commands: new Budgets(limits.messagesPerWindow, limits.windowMs, limits.burst),
    typing: new Budgets(limits.messagesPerWindow, limits.windowMs, limits.burst),
    directory: new Budgets(limits.messagesPerWindow, limits.windowMs, limits.burst),
    hellos: new Budgets(limits.hellosPerWindow, limits.windowMs, limits.hellosPerWindow),
  };
  /** Signed-in sockets per user, for `maxSocketsPerUser`. */
  const socketsOf = new Map<UserId, Set<ChatConnection>>();
  /** Sockets waiting for their hello, per remote address. */
  const waitingFrom = new Map<string, Set<ChatConnection>>();
  let waitingTotal = 0;
  /**
   * Refusals that belong to no socket (refused upgrades, and sockets refused before they
   * could send anything else): summarised server-wide, so a flood of connection attempts
   * cannot flood the log either.
   */
  const upgradeRefusals = new RefusalLog(logger, clock, limits.refusalLogIntervalMs, () => ({}));
  let closing: Promise<void> | undefined;

  function issueToken(userId: UserId, ttlSeconds = DEFAULT_DEMO_TOKEN_TTL_SECONDS): string {
    const user = users.get(userId);
    if (!user) throw new RangeError(`There is no user '${userId}' in the directory.`);
    return createToken(options.secret, { userId, role: user.role, ttlSeconds, now: clock.now() });
  }

  const builtIn: Route[] = [
    {
      method: 'GET',
      path: '/health',
      handler: (_request, response) =>
        sendJson(response, closing ? 503 : 200, {
          status: closing ? 'shutting-down' : 'ok',
          epoch: hub.epoch,
          connections: connections.size,
          uptimeSeconds: Math.floor((Date.now() - startedAt) / 1000),
        }),
    },
  ];
  if (options.demoTokens) {
    const ttl = options.demoTokenTtlSeconds ?? DEFAULT_DEMO_TOKEN_TTL_SECONDS;
    builtIn.push(
      {
        method: 'GET',
        path: '/api/demo-users',
        handler: (_request, response) =>
          sendJson(response, 200, {
            users: [...users].map(([id, user]) => ({ id, name: user.name, role: user.role })),
          }),
      },
      {
        method: 'GET',
        path: '/api/demo-token',
        handler: (_request, response, url) => {
          const userId = url.searchParams.get('user');
          if (!userId) return sendError(response, 400, 'invalid-input', 'Say which user: /api/demo-token?user=<id>.');
          const user = users.get(userId);
          if (!user) return sendError(response, 404, 'unknown-user', `There is no user '${userId}' in the directory.`);
          const token = issueToken(userId, ttl);
          logger({ level: 'info', event: 'demo-token-issued', user: userId });
          sendJson(response, 200, {
            token,
            user: { id: userId, name: user.name, role: user.role },
            expiresAt: Math.floor(clock.now() / 1000) + ttl,
          });
        },
      },
    );
  }

  async function onRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(request.url ?? '/', 'http://server.invalid');
    } catch {
      return sendError(response, 400, 'invalid-input', 'The request URL is not valid.');
    }
    const method = request.method ?? 'GET';
    try {
      for (const route of [...builtIn, ...routes]) {
        if (routeMatches(route, method, url.pathname)) {
          await route.handler(request, response, url);
          return;
        }
      }
      if (options.staticDir && serveStatic(options.staticDir, request, response, url)) return;
      sendError(response, 404, 'not-found', `Nothing at ${url.pathname}.`);
    } catch (error) {
      logger({ level: 'error', event: 'http-error', path: url.pathname, message: (error as Error).message });
      if (!response.headersSent) sendError(response, 500, 'internal', 'The server could not answer this request.');
      else response.destroy();
    }
  }

  const http = createServer((request, response) => void onRequest(request, response));
  // Frames up to twice the limit are read so the client can be told why it is refused; larger
  // ones are cut off by ws itself (close 1009 without an error frame).
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxFrameBytes * 2, perMessageDeflate: false });

  let allowedOrigins: readonly string[] | '*' = '*';

  function refuseUpgrade(socket: Duplex, status: number, text: string): void {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
  }

  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const pathname = new URL(request.url ?? '/', 'http://server.invalid').pathname;
    if (closing) return refuseUpgrade(socket, 503, 'Service Unavailable');
    if (pathname !== wsPath) return refuseUpgrade(socket, 404, 'Not Found');
    const origin = request.headers.origin;
    // Exactly one of the listed origins: a prefix such as `http://localhost:8080.evil.example` is another site.
    if (origin !== undefined && allowedOrigins !== '*' && !allowedOrigins.includes(origin)) {
      upgradeRefusals.refused({ level: 'warn', event: 'origin-refused', origin, remote: request.socket.remoteAddress });
      return refuseUpgrade(socket, 403, 'Forbidden');
    }
    const remote = request.socket.remoteAddress ?? 'unknown';
    if (waitingTotal >= limits.maxPendingHellos) {
      upgradeRefusals.refused({ level: 'warn', event: 'connection-refused', limit: 'pending-hellos', remote });
      return refuseUpgrade(socket, 503, 'Service Unavailable');
    }
    if ((waitingFrom.get(remote)?.size ?? 0) >= limits.maxPendingHellosPerIp) {
      upgradeRefusals.refused({ level: 'warn', event: 'connection-refused', limit: 'pending-hellos-per-ip', remote });
      return refuseUpgrade(socket, 429, 'Too Many Requests');
    }
    wss.handleUpgrade(request, socket, head, (ws: WebSocket) => {
      const connection = new ChatConnection(
        ws,
        {
          hub,
          secret: options.secret,
          users,
          schemas,
          limits,
          budgets,
          upgradeRefusals,
          clock,
          logger,
          admit: (candidate, userId) => {
            let set = socketsOf.get(userId);
            if ((set?.size ?? 0) >= limits.maxSocketsPerUser) {
              return { ok: false, message: `You already have ${limits.maxSocketsPerUser} connections open, the most one user may have. Close a tab or window and try again.` };
            }
            if (!set) socketsOf.set(userId, (set = new Set()));
            set.add(candidate);
            return { ok: true };
          },
          onHelloDone: (done) => {
            const set = waitingFrom.get(remote);
            if (!set?.delete(done)) return;
            waitingTotal -= 1;
            if (set.size === 0) waitingFrom.delete(remote);
          },
          onGone: (gone) => {
            connections.delete(gone);
            const set = gone.userId === undefined ? undefined : socketsOf.get(gone.userId);
            if (set?.delete(gone) && set.size === 0) socketsOf.delete(gone.userId!);
          },
        },
        remote,
        socket,
      );
      connections.add(connection);
      if (connection.waitingForHello) {
        let set = waitingFrom.get(remote);
        if (!set) waitingFrom.set(remote, (set = new Set()));
        set.add(connection);
        waitingTotal += 1;
      }
    });
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    http.once('error', rejectListen);
    http.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      http.off('error', rejectListen);
      resolveListen();
    });
  });
  const address = http.address() as AddressInfo;
  const host = address.address;
  const port = address.port;
  const urlHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${port}`;
  allowedOrigins =
    options.allowedOrigins === '*'
      ? '*'
      : (options.allowedOrigins ?? [...new Set([url, `http://localhost:${port}`, `http://127.0.0.1:${port}`])]);

  let cancelHeartbeat: (() => void) | undefined;
  const heartbeat = () => {
    for (const connection of connections) connection.heartbeat();
    cancelHeartbeat = clock.setTimer(heartbeat, limits.heartbeatMs);
  };
  cancelHeartbeat = clock.setTimer(heartbeat, limits.heartbeatMs);

  logger({ level: 'info', event: 'listening', url, wsUrl: `ws://${urlHost}:${port}${wsPath}`, epoch: hub.epoch, persistent: options.redis ? 'redis' : options.dataDir !== undefined });

  async function shutdown(): Promise<void> {
    cancelHeartbeat?.();
    const count = connections.size;
    const closed = new Promise<void>((resolveHttp) => http.close(() => resolveHttp()));
    for (const connection of connections) connection.close(CLOSE.restart, 'Server restarting');
    const deadline = Date.now() + CLOSE_GRACE_MS;
    while (connections.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    for (const connection of connections) connection.terminate();
    await hub.close();
    upgradeRefusals.flush();
    http.closeAllConnections();
    await closed;
    wss.close();
    logger({ level: 'info', event: 'shutdown', connectionsClosed: count, epoch: hub.epoch });
  }

  return {
    url,
    wsUrl: `ws://${urlHost}:${port}${wsPath}`,
    host,
    port,
    get epoch() {
      return hub.epoch;
    },
    get connections() {
      return connections.size;
    },
    get allowedOrigins() {
      return allowedOrigins;
    },
    addRoute(method, path, handler) {
      routes.push({ method, path, handler });
    },
    issueToken,
    close() {
      closing ??= shutdown();
      return closing;
    },
  };
}
