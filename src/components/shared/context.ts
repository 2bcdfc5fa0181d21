import { ContextRoot, createContext } from '@lit/context';
import type { WorkspaceStore } from '../../store/types.js';

/**
 * The store a host provides once (with `ContextProvider` or `<workspace-provider>`)
 * for every component below it, instead of setting `.store` on each.
 */
export const workspaceStoreContext = createContext<WorkspaceStore | undefined>(Symbol.for('workspace-chat/store'));

/*
 * In a plain HTML page the components can be defined (and so upgraded) before the
 * `<workspace-provider>` around them: their context request then bubbles through an element
 * that is not a provider yet and is lost. A ContextRoot on the document keeps such requests
 * and replays them when a provider appears, so any registration or upgrade order works.
 * One root per page, even if two copies of the package load.
 */
const ROOT_KEY = Symbol.for('workspace-chat/context-root');
const global = globalThis as { [ROOT_KEY]?: ContextRoot };
if (typeof document !== 'undefined' && !global[ROOT_KEY]) {
  global[ROOT_KEY] = new ContextRoot();
  global[ROOT_KEY].attach(document as unknown as HTMLElement);
}
