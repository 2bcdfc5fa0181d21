import { createContext } from '@lit/context';
import type { WorkspaceStore } from '../../store/types.js';

/**
 * The store a host provides once (with `ContextProvider` or `<workspace-provider>`)
 * for every component below it, instead of setting `.store` on each.
 */
export const workspaceStoreContext = createContext<WorkspaceStore | undefined>(Symbol.for('workspace-chat/store'));
