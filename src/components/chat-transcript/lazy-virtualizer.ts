import type { virtualize } from '@lit-labs/virtualizer/virtualize.js';
import type { anchoredFlow } from './anchored-flow.js';
import type { sizeClass } from './row-size.js';

/**
 * The virtualizer, loaded the first time a transcript grows long enough to need it. Most
 * chats stay short, so hosts do not pay its bytes up front (it is about a fifth of the
 * components' size); a long transcript shows its latest entries while it loads.
 */
export interface Virtualizer {
  virtualize: typeof virtualize;
  /** The flow layout, anchored so a scroll moves the rows by what was asked (see anchored-flow.ts). */
  flow: typeof anchoredFlow;
  /** The transcript's kinds of row for the layout's estimates (loaded with it, as only it needs them). */
  sizeClass: typeof sizeClass;
}

/**
 * How the element lets go of the layout's pin to the latest entry the moment the reader
 * scrolls away. The virtualizer unpins by itself on a scroll, except within two frames of
 * a scroll correction of its own (as when an entry arrives), and then it pinned the log
 * back to the end: the reader's scroll was lost. Kept here, apart from the layout's code,
 * so the element can hold one before the virtualizer has loaded.
 */
export interface LayoutHandle {
  unpin?: () => void;
  /** The element the virtualizer renders rows into (the log), for the layout to measure them as soon as they are placed. */
  host?: () => Element | undefined;
}

let loaded: Virtualizer | undefined;
let loading: Promise<Virtualizer> | undefined;

/** The virtualizer if it has loaded, else undefined. */
export function virtualizerIfLoaded(): Virtualizer | undefined {
  return loaded;
}

/** Loads the virtualizer once; every caller gets the same promise. */
export function loadVirtualizer(): Promise<Virtualizer> {
  loading ??= import('./virtualizer-parts.js').then(
    (parts) => (loaded = parts),
    (error: unknown) => {
      // Let a later long transcript try again rather than keep a failed load forever.
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
