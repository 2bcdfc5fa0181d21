// The package root: the domain types, the transport contract and the store's types.
// Each part also has its own entry (`workspace-chat/engine`, `/store`, …) for hosts that
// want only that part.
export * from './engine/types.js';
export type * from './engine/api.js';
export type * from './transport/types.js';
export type * from './store/types.js';
