// The package root: the domain types, the transport contract and the store. Each part also
// has its own entry (`workspace-chat/engine`, `/store`, `/transport/memory`, …) for hosts
// that want only that part; the components are only at `workspace-chat/components`, since
// importing them registers custom elements.
export * from './engine/types.js';
export type * from './engine/api.js';
export type * from './transport/types.js';
export * from './store/index.js';
