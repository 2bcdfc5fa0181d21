import { KeyedSelectController } from '../shared/select-controller.js';
import { presenceLabel, targetKindLabel } from '../shared/labels.js';
import { getLocale } from '../shared/localization.js';
import { viewKit } from '../shared/view-kit.js';
import { agentSelectorsFor, selectTargets, selectUser } from '../../store/selectors.js';
import { MAX_WATCHED_TARGETS } from '../../protocol/directory.js';

/** What the Team Communicator's view takes from the page (see shared/view-kit.ts for why). */
export const teamCommunicatorKit = {
  ...viewKit,
  KeyedSelectController,
  presenceLabel,
  targetKindLabel,
  getLocale,
  agentSelectorsFor,
  selectTargets,
  selectUser,
  MAX_WATCHED_TARGETS,
};

export type TeamCommunicatorKit = typeof teamCommunicatorKit;
