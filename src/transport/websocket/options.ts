import { DEFAULT_RECONNECT, type ReconnectOptions } from './backoff.js';

/**
 * The part of the WebSocket API the transport uses. The browser's `WebSocket` and the
 * `ws` package's class both fit, so the same transport runs in a page and in Node.
 * Handlers are typed loosely because the two implementations type their events differently.
 */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: any) => void) | null;
  onmessage: ((event: any) => void) | null;
  onclose: ((event: any) => void) | null;
  onerror: ((event: any) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

export type TimerHandle = unknown;

export interface WebSocketTransportOptions {
  /** The server's WebSocket URL, e.g. `wss://chat.example.com/ws`. */
  url: string;
  /** The WebSocket implementation; defaults to the global one (browsers, Node 22+). In Node 20 pass `ws`. */
  WebSocket?: WebSocketConstructor;
  /**
   * Gets the sign-in token when `connect` was given none; asked again before every
   * reconnection, so a short-lived token can be refreshed.
   */
  getToken?: (userId: string) => string | Promise<string>;
  /** After this long without any frame from the server, send a `ping` (default 25 s). */
  heartbeatMs?: number;
  /** A ping unanswered this long means the connection is gone (default 10 s). */
  heartbeatTimeoutMs?: number;
  /** Backoff between reconnection attempts (defaults: 500 ms doubling up to 15 s, full jitter). */
  reconnect?: Partial<ReconnectOptions>;
  /** A command that could not be sent for this long (offline) fails with `timeout` (default 30 s). */
  outboxTimeoutMs?: number;
  /** A command sent but unanswered for this long fails with `timeout` (default 30 s). */
  commandTimeoutMs?: number;
  /**
   * Largest command frame sent, in UTF-8 bytes (default 64 KiB, the reference server's
   * limit); a bigger command fails at once with `invalid-input` instead of being refused
   * by the server.
   */
  maxOutboundFrameBytes?: number;
  /** Largest frame accepted from the server (default 16 MiB; a snapshot of a big directory is large). */
  maxInboundFrameBytes?: number;
  /** Random numbers in [0, 1) for the jitter (injected by tests). */
  random?: () => number;
  /** Fresh frame ids, unique across tabs and reloads (default `crypto.randomUUID`). */
  newId?: () => string;
  /** Timers (injected by tests to drive time by hand). */
  setTimeout?: (callback: () => void, ms: number) => TimerHandle;
  clearTimeout?: (handle: TimerHandle) => void;
}

export interface ResolvedOptions {
  url: string;
  getToken: ((userId: string) => string | Promise<string>) | undefined;
  WebSocket: WebSocketConstructor;
  heartbeatMs: number;
  heartbeatTimeoutMs: number;
  reconnect: ReconnectOptions;
  outboxTimeoutMs: number;
  commandTimeoutMs: number;
  maxOutboundFrameBytes: number;
  maxInboundFrameBytes: number;
  random: () => number;
  newId: () => string;
  setTimeout: (callback: () => void, ms: number) => TimerHandle;
  clearTimeout: (handle: TimerHandle) => void;
}

let fallbackIds = 0;
function defaultId(): string {
  const uuid = globalThis.crypto?.randomUUID?.();
  if (uuid) return uuid;
  // Insecure pages have no randomUUID; ids only need to be unique, not secret.
  return `${Date.now().toString(36)}-${(++fallbackIds).toString(36)}-${Math.random().toString(36).slice(2)}`;
}

function positive(value: unknown, name: string, fallback: number, allowZero = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new TypeError(`createWebSocketTransport: ${name} must be a ${allowZero ? 'non-negative' : 'positive'} number of milliseconds or bytes, not ${String(value)}.`);
  }
  return value;
}

/** Fills in the defaults; a bad option is a readable TypeError at creation, not a mystery later. */
export function resolveOptions(options: WebSocketTransportOptions): ResolvedOptions {
  if (!options || typeof options.url !== 'string' || options.url === '') {
    throw new TypeError('createWebSocketTransport: options.url must be the server\'s WebSocket URL (ws:// or wss://).');
  }
  const WebSocketImpl = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (typeof WebSocketImpl !== 'function') {
    throw new TypeError('createWebSocketTransport: there is no global WebSocket here; pass one as options.WebSocket (in Node 20: the `ws` package\'s WebSocket).');
  }
  const reconnect = { ...DEFAULT_RECONNECT, ...options.reconnect };
  positive(reconnect.initialDelayMs, 'reconnect.initialDelayMs', 0, true);
  positive(reconnect.maxDelayMs, 'reconnect.maxDelayMs', 0, true);
  if (reconnect.jitter !== 'full' && reconnect.jitter !== 'none') {
    throw new TypeError(`createWebSocketTransport: reconnect.jitter must be "full" or "none", not ${String(reconnect.jitter)}.`);
  }
  const timers = globalThis as unknown as {
    setTimeout: (callback: () => void, ms: number) => TimerHandle;
    clearTimeout: (handle: TimerHandle) => void;
  };
  if (options.getToken !== undefined && typeof options.getToken !== 'function') {
    throw new TypeError('createWebSocketTransport: getToken must be a function (userId) => token.');
  }
  return {
    url: options.url,
    getToken: options.getToken,
    WebSocket: WebSocketImpl,
    heartbeatMs: positive(options.heartbeatMs, 'heartbeatMs', 25_000),
    heartbeatTimeoutMs: positive(options.heartbeatTimeoutMs, 'heartbeatTimeoutMs', 10_000),
    reconnect,
    outboxTimeoutMs: positive(options.outboxTimeoutMs, 'outboxTimeoutMs', 30_000),
    commandTimeoutMs: positive(options.commandTimeoutMs, 'commandTimeoutMs', 30_000),
    maxOutboundFrameBytes: positive(options.maxOutboundFrameBytes, 'maxOutboundFrameBytes', 64 * 1024),
    maxInboundFrameBytes: positive(options.maxInboundFrameBytes, 'maxInboundFrameBytes', 16 * 1024 * 1024),
    random: options.random ?? Math.random,
    newId: options.newId ?? defaultId,
    setTimeout: options.setTimeout ?? ((callback, ms) => timers.setTimeout(callback, ms)),
    clearTimeout: options.clearTimeout ?? ((handle) => timers.clearTimeout(handle)),
  };
}
