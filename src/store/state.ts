import type { WorkspaceState } from './types.js';

/** The state of a store that has not connected yet: nothing loaded, nothing to show. */
export function createInitialState(): WorkspaceState {
  return {
    connection: { status: 'idle' },
    loaded: false,
    sessions: {},
    invitations: {},
    targets: {},
    typing: {},
    pending: {},
  };
}
