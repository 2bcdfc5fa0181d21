/** The reference chat server: the engine behind WebSocket, with sign-in, persistence and resume. */
export { createChatServer, DEFAULT_LIMITS } from './create-server.js';
export type { ChatServer, ChatServerOptions, ServerLimits } from './create-server.js';
export { createToken, verifyToken } from './auth.js';
export type { TokenClaims, TokenCheck } from './auth.js';
export { CLOSE } from './close-codes.js';
export { systemClock, createManualClock } from './clock.js';
export type { ServerClock, ManualClock } from './clock.js';
export { jsonLogger, silentLogger } from './logger.js';
export type { Logger, LogEntry, LogLevel } from './logger.js';
export type { Route, RouteHandler } from './http.js';
export { sendJson, sendError, serveStatic } from './http.js';
