import { defineOnce } from '../shared/define.js';
import { TeamCommunicator } from './team-communicator.js';

defineOnce('team-communicator', TeamCommunicator);

export { TeamCommunicator, RESULT_LIMIT, MORE_RESULTS } from './team-communicator.js';
export { TargetLists, RECENT_LIMIT, targetListsKey } from './favorites.js';
export type { TargetListStorage, TargetListsOptions } from './favorites.js';
export { actionsFor, TEAM_COMMUNICATOR_MODES } from './target-actions.js';
export type { TeamCommunicatorMode, TargetAction, TargetActionKey } from './target-actions.js';

declare global {
  interface HTMLElementTagNameMap {
    'team-communicator': TeamCommunicator;
  }
}
