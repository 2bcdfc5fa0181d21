/**
 * WebSocket close codes the server uses. A client resumes (reconnect with `resumeFrom`)
 * after `restart`, `tryAgainLater`, `tooManyConnections` and network loss (1006); it must sign
 * in again after `unauthorized`; `tooLarge` means it sent a frame over the limit.
 */
export const CLOSE = {
  /** The server is shutting down or restarting: reconnect (with backoff) and resume. */
  restart: 1012,
  /** The client fell too far behind (its outgoing buffer grew too big): reconnect and resume. */
  tryAgainLater: 1013,
  /** A frame was larger than `maxFrameBytes`. */
  tooLarge: 1009,
  /** Sign-in refused (missing, forged, expired, malformed or mismatched token; first frame not hello). */
  unauthorized: 4401,
  /** No hello frame within `helloTimeoutMs`. */
  helloTimeout: 4408,
  /**
   * Over a connection budget: the user already has `maxSocketsPerUser` sockets, or their
   * address sent too many hellos. Reconnect later (with backoff) or close another tab.
   */
  tooManyConnections: 4429,
} as const;
