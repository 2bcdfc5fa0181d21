import type { WorkspaceStore } from '../../store/types.js';

/**
 * Where keyboard focus goes when the control that has it goes away. An accepted preview
 * disappears before (or after) the host renders the new window; a window closed by Done is
 * removed by its host. Without a hand-off focus falls to <body> and a keyboard user needs
 * about nine Tabs to get back.
 *
 * Per store, so the side-by-side demo's three desktops never take each other's focus.
 */

/** A window that can take focus for a session: the chat-interaction elements register themselves. */
export interface FocusTarget {
  /** The session (interaction or consultation) the window shows now, if it has rendered one. */
  readonly focusSessionId: string | undefined;
  /** Moves focus into the window (its composer, else its heading). */
  takeFocus(): void;
}

interface Registry {
  windows: Set<FocusTarget>;
  /** Sessions whose window should take focus when it first shows them, with when that was asked. */
  pending: Map<string, number>;
}

const registries = new WeakMap<WorkspaceStore, Registry>();

/** A hand-off not claimed within this long is dropped: a window appearing much later must not steal focus. */
const PENDING_MS = 10_000;

function registry(store: WorkspaceStore): Registry {
  let r = registries.get(store);
  if (!r) {
    r = { windows: new Set(), pending: new Map() };
    registries.set(store, r);
  }
  return r;
}

export function registerWindow(store: WorkspaceStore, window: FocusTarget): () => void {
  const r = registry(store);
  r.windows.add(window);
  return () => r.windows.delete(window);
}

/**
 * Focus should go to the window of `sessionId`: now, if one shows it already (answers
 * true), else as soon as one does (within PENDING_MS; answers false).
 */
export function handOffFocus(store: WorkspaceStore, sessionId: string, now = Date.now()): boolean {
  const r = registry(store);
  for (const window of r.windows) {
    if (window.focusSessionId === sessionId) {
      window.takeFocus();
      return true;
    }
  }
  r.pending.set(sessionId, now);
  return false;
}

/** Whether a window that just started showing `sessionId` should take focus (once). */
export function claimFocus(store: WorkspaceStore, sessionId: string, now = Date.now()): boolean {
  const r = registries.get(store);
  const asked = r?.pending.get(sessionId);
  if (asked === undefined) return false;
  r!.pending.delete(sessionId);
  return now - asked <= PENDING_MS;
}

/** The other windows of the same store, in document order (for "the next interaction" after Done). */
export function windowsOf(store: WorkspaceStore): FocusTarget[] {
  return [...registry(store).windows];
}
