export * from './types.js';
export type { ChatEngine, EngineOptions } from './api.js';
export type { EngineSnapshot } from './snapshot.js';
export { ENGINE_SNAPSHOT_VERSION } from './snapshot.js';
export { createChatEngine } from './engine.js';
export { DEFAULT_ENGINE_CONFIG, clientConfigOf } from './config.js';
export { waitingNotice, joinedNotice, leftNotice } from './notices.js';
