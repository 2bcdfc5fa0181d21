import { viewKit } from '../shared/view-kit.js';
import { invitationKindLabel } from '../shared/labels.js';
import { clampLevel, headingLevel } from '../shared/heading.js';
import { handOffFocus } from '../shared/focus-handoff.js';
import { shortcutMatches } from './shortcut.js';

/** What the preview's view takes from the page (see shared/view-kit.ts for why). */
export const previewKit = { ...viewKit, invitationKindLabel, clampLevel, headingLevel, handOffFocus, shortcutMatches };

export type PreviewKit = typeof previewKit;
