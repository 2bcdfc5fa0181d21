export { createWorkspaceStore } from './store.js';
export { reduce, applyEvent } from './reducer.js';
export { createInitialState } from './state.js';
export * from './selectors.js';
export type * from './types.js';
