import { defineOnce } from '../shared/define.js';
import { TeamCommunicator } from './team-communicator.js';

defineOnce('team-communicator', TeamCommunicator);

// The Favorites/Recent store and the action list (TargetLists, actionsFor, …) are exported
// by `workspace-chat/components`, not here: the view loaded on demand uses them, and a
// module this entry named would load with the page (bundlers assign whole modules to chunks).
export { TeamCommunicator, RESULT_LIMIT, MORE_RESULTS, loadTeamCommunicatorView } from './team-communicator.js';
export type { TargetListStorage, TargetListsOptions } from './favorites.js';
export type { TeamCommunicatorMode, TargetAction, TargetActionKey } from './target-actions.js';

declare global {
  interface HTMLElementTagNameMap {
    'team-communicator': TeamCommunicator;
  }
}
