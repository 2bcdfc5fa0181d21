import { adoptStyles, css, html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { CommandController } from './command-controller.js';
import { MenuController } from './menu-controller.js';
import { KeyedSelectController } from './select-controller.js';
import { workspaceEvent } from './events.js';
import { presenceLabel, targetKindLabel } from './labels.js';
import { getLocale } from './localization.js';
import { agentSelectorsFor, selectTargets, selectUser } from '../../store/selectors.js';
import { MAX_WATCHED_TARGETS } from '../../protocol/directory.js';

/**
 * What a view loaded on demand (the Team Communicator's) uses of the code the page has
 * loaded already, handed to it by its element rather than imported. A bundler puts each
 * module that both the page and an on-demand chunk import into a shared chunk of its own,
 * which the page then loads at once as one more file: gzip compresses several files less
 * well than one, and esbuild split lit in two besides (measured with `npm run size`: the
 * agent page 1.3 KB larger than with the view importing nothing the page has). The view
 * still imports `@lit/localize` (the page's locale chunk takes it in, as the French
 * translation's) and what only it uses.
 */
export const viewKit = {
  adoptStyles,
  css,
  html,
  nothing,
  ifDefined,
  CommandController,
  MenuController,
  KeyedSelectController,
  workspaceEvent,
  presenceLabel,
  targetKindLabel,
  getLocale,
  agentSelectorsFor,
  selectTargets,
  selectUser,
  MAX_WATCHED_TARGETS,
};

export type ViewKit = typeof viewKit;
