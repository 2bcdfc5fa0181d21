import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** Closes a server and every socket it accepted, waiting for both. */
async function closeAll(server: Server, sockets: Set<Socket>): Promise<void> {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

function listen(server: Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

/** Pipes two sockets both ways and tears both down when either ends. */
function pipeBoth(a: Socket, b: Socket, sockets: Set<Socket>): void {
  sockets.add(a);
  sockets.add(b);
  const teardown = () => {
    a.destroy();
    b.destroy();
    sockets.delete(a);
    sockets.delete(b);
  };
  a.on('error', teardown).on('close', teardown);
  b.on('error', teardown).on('close', teardown);
  a.pipe(b);
  b.pipe(a);
}

export interface Balancer {
  port: number;
  /** Which backend port each accepted connection went to, in order. */
  readonly routed: number[];
  /** The next connection goes to this backend (then round robin resumes). */
  preferNext(port: number): void;
  close(): Promise<void>;
}

/**
 * A small TCP load balancer for the cluster tests: round robin over the backends, and a
 * backend that refuses the connection (a killed node) is skipped for the next one, as a
 * real balancer's health check would do. WebSocket upgrades pass through untouched. With
 * `pagesTo`, a connection whose first request is not a WebSocket upgrade (a page, a script,
 * a demo token) goes to that one backend, so only one node needs to serve the demo pages.
 */
export async function startBalancer(backends: number[], options: { pagesTo?: number; port?: number } = {}): Promise<Balancer> {
  const sockets = new Set<Socket>();
  const routed: number[] = [];
  let next = 0;
  let preferred: number | undefined;
  const server = createServer((client) => {
    if (options.pagesTo === undefined) return route(client);
    client.once('data', (first: Buffer) => {
      client.pause();
      client.unshift(first);
      if (/^upgrade:\s*websocket/im.test(first.toString('latin1'))) route(client);
      else route(client, [options.pagesTo!]);
    });
    client.on('error', () => client.destroy());
  });
  function route(client: Socket, fixed?: number[]): void {
    client.pause();
    const order = fixed ?? (preferred !== undefined ? [preferred, ...backends.filter((port) => port !== preferred)] : [...backends.slice(next), ...backends.slice(0, next)]);
    if (!fixed) {
      preferred = undefined;
      next = (next + 1) % backends.length;
    }
    const tryAt = (index: number) => {
      if (index >= order.length) {
        client.destroy();
        return;
      }
      const port = order[index]!;
      const upstream = createConnection({ host: '127.0.0.1', port });
      let connected = false;
      upstream.once('error', () => {
        if (!connected) tryAt(index + 1);
      });
      upstream.once('connect', () => {
        connected = true;
        if (!fixed) routed.push(port);
        pipeBoth(client, upstream, sockets);
        client.resume();
      });
    };
    client.on('error', () => client.destroy());
    tryAt(0);
  }
  const port = await listen(server, options.port);
  return {
    port,
    routed,
    preferNext: (backend) => void (preferred = backend),
    close: () => closeAll(server, sockets),
  };
}

export type FaultMode = 'pass' | 'blackhole';

export interface FaultProxy {
  port: number;
  /** Delay every chunk in both directions by this many ms (0: none). */
  delay(ms: number): void;
  /** 'blackhole' accepts connections and swallows everything (a partition that never answers). */
  mode(mode: FaultMode): void;
  /** Destroys every open connection (a cut); new ones are accepted again. */
  cut(): void;
  close(): Promise<void>;
}

/** A TCP proxy between a node and Redis that can delay, cut or blackhole the traffic. */
export async function startFaultProxy(target: number): Promise<FaultProxy> {
  const sockets = new Set<Socket>();
  let delayMs = 0;
  let current: FaultMode = 'pass';
  const relay = (from: Socket, to: Socket) =>
    from.on('data', (chunk) => {
      if (current === 'blackhole') return;
      if (delayMs === 0) to.write(chunk);
      else setTimeout(() => to.writable && to.write(chunk), delayMs);
    });
  const server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: target });
    sockets.add(client);
    sockets.add(upstream);
    const teardown = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const socket of [client, upstream]) socket.on('error', teardown).on('close', teardown);
    relay(client, upstream);
    relay(upstream, client);
  });
  const port = await listen(server);
  return {
    port,
    delay: (ms) => void (delayMs = ms),
    mode: (mode) => void (current = mode),
    cut: () => {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
    close: () => closeAll(server, sockets),
  };
}
