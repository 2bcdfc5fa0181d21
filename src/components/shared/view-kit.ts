import { adoptStyles, css, html, nothing, svg, type CSSResult, type LitElement, type ReactiveControllerHost } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { CommandController } from './command-controller.js';
import { workspaceEvent } from './events.js';

/**
 * What a view loaded on demand (the Team Communicator's, the party menu's popup) uses of the
 * code the page has loaded already, handed to it by its element rather than imported. A
 * bundler puts each module that both the page and an on-demand chunk import into a shared
 * chunk of its own, which the page then loads at once as one more file: gzip compresses
 * several files less well than one, and esbuild split lit in two besides (measured with
 * `npm run size`: the agent page 1.3 KB larger than with the Team Communicator's view
 * importing nothing the page has). A view still imports `@lit/localize` (the page's locale
 * chunk takes it in, as the French translation's) and what only views use (the menu
 * controller: a chunk the views share, loaded with the first). Each element adds what its
 * own view needs.
 */
export const viewKit = { addStyles, renderOnChange, css, html, nothing, svg, ifDefined, CommandController, workspaceEvent };

export type ViewKit = typeof viewKit;

/**
 * Adds a view's styles to its element's own (the element's box and theme, which came with
 * it), now or, for an element not yet in the page, once it has its shadow root.
 */
function addStyles(host: LitElement, styles: CSSResult): void {
  const adopt = () => {
    const root = host.renderRoot;
    if (root instanceof ShadowRoot) adoptStyles(root, [...(host.constructor as typeof LitElement).elementStyles, styles]);
  };
  if (host.renderRoot) adopt();
  else void host.updateComplete.then(adopt);
}

/**
 * Makes the named fields of a view's class re-render its element (its `host`) when they
 * change, as `@state()` fields of an element do. Called once, before the first view is made.
 */
function renderOnChange(proto: object, keys: readonly string[]): void {
  for (const key of keys) {
    const slot = Symbol(key);
    Object.defineProperty(proto, key, {
      get(this: Record<symbol, unknown>) {
        return this[slot];
      },
      set(this: Record<symbol, unknown> & { host: ReactiveControllerHost }, value: unknown) {
        if (this[slot] === value) return;
        this[slot] = value;
        this.host.requestUpdate();
      },
    });
  }
}

/** Loads a view's module once for the page; a failed load is tried again on the next call. */
export function onDemand<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}
