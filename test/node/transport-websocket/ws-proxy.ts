import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';

interface Pair {
  client: WebSocket;
  upstream: WebSocket;
  /** A silent network: nothing passes either way, and nobody is told. */
  dead: boolean;
}

/**
 * A WebSocket relay between the transport and the real server, so a test can break the
 * network in the ways a real one breaks: the server side closing a connection, a cut
 * (reset) connection, and a silent one that just stops carrying frames.
 */
export class WsProxy {
  private readonly pairs = new Set<Pair>();
  private constructor(
    private readonly wss: WebSocketServer,
    private readonly target: string,
  ) {
    wss.on('connection', (client) => this.relay(client));
  }

  static async start(target: string): Promise<WsProxy> {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    return new WsProxy(wss, target);
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}`;
  }

  private relay(client: WebSocket): void {
    const upstream = new WebSocket(this.target);
    const pair: Pair = { client, upstream, dead: false };
    this.pairs.add(pair);
    const early: string[] = [];
    client.on('message', (data) => {
      if (pair.dead) return;
      if (upstream.readyState === WebSocket.OPEN) upstream.send(data.toString());
      else early.push(data.toString());
    });
    upstream.on('open', () => {
      for (const text of early.splice(0)) upstream.send(text);
    });
    upstream.on('message', (data) => {
      if (!pair.dead && client.readyState === WebSocket.OPEN) client.send(data.toString());
    });
    upstream.on('close', (code, reason) => {
      this.pairs.delete(pair);
      if (pair.dead || client.readyState !== WebSocket.OPEN) return;
      // 1005 and 1006 describe a close; they cannot be sent in one.
      client.close(code === 1005 || code === 1006 ? 1011 : code, reason.toString());
    });
    upstream.on('error', () => client.terminate());
    client.on('close', () => {
      this.pairs.delete(pair);
      upstream.terminate();
    });
    client.on('error', () => upstream.terminate());
  }

  /** The server side closes every current connection with `code`, as a server would. */
  closeFromServer(code: number, reason: string): void {
    for (const pair of this.pairs) {
      pair.client.close(code, reason);
      pair.upstream.close();
    }
  }

  /** Every current connection is reset: the client sees it drop at once (1006). */
  cut(): void {
    for (const pair of this.pairs) {
      pair.client.terminate();
      pair.upstream.terminate();
    }
  }

  /** Every current connection goes silent: frames are lost both ways and no side is told. */
  silence(): void {
    for (const pair of this.pairs) pair.dead = true;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
