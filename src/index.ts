// The package root: the domain types, the transport contract, the store and the in-memory
// contact center (the embedded default transport). Each part also
// has its own entry (`workspace-chat/engine`, `/store`, `/transport/memory`, …) for hosts
// that want only that part; the components are only at `workspace-chat/components`, since
// importing them registers custom elements.
export * from './engine/types.js';
export type * from './engine/api.js';
export type * from './transport/types.js';
export * from './store/index.js';
export * from './transport/memory/index.js';
// The directory's search (the engine host's index; the Team Communicator asks the backend).
export { createDirectoryIndex, search, foldText, foldWords } from './directory/search.js';
export type { DirectoryIndex, SearchOptions, SearchResult } from './directory/search.js';
