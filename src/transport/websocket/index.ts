/**
 * The WebSocket transport: the store's `Transport` over a WebSocket to the reference chat
 * server (or any server speaking the same frames). Runs in browsers with the global
 * `WebSocket`, and in Node by passing an implementation such as `ws`.
 */
import type { Transport } from '../types.js';
import { resolveOptions, type WebSocketTransportOptions } from './options.js';
import { WebSocketTransport } from './transport.js';

export type { WebSocketTransportOptions, WebSocketLike, WebSocketConstructor, TimerHandle } from './options.js';
export type { ReconnectOptions } from './backoff.js';
export { backoffDelay, DEFAULT_RECONNECT } from './backoff.js';
export { CLOSE_SERVICE_RESTART, CLOSE_UNAUTHORIZED } from './transport.js';

/**
 * A transport to `options.url`. `connect({ userId, token, resumeFrom })` sends the token in
 * the first (`hello`) frame and resolves once the server has taken it; it rejects with a
 * `ChatCommandError` (`unauthorized`) when the server refuses the token. Afterwards the
 * transport reconnects and resumes by itself until `disconnect()`.
 */
export function createWebSocketTransport(options: WebSocketTransportOptions): Transport {
  return new WebSocketTransport(resolveOptions(options));
}
