import { adoptStyles, css, html, nothing, svg } from 'lit';
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
export const viewKit = { adoptStyles, css, html, nothing, svg, ifDefined, CommandController, workspaceEvent };

export type ViewKit = typeof viewKit;

/** Loads a view's module once for the page; a failed load is tried again on the next call. */
export function onDemand<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}
