import { viewKit } from '../shared/view-kit.js';
import { PARTY_ACTIONS } from './party-actions.js';

/** What the party menu's popup takes from the page (see shared/view-kit.ts for why). */
export const partyMenuKit = { ...viewKit, PARTY_ACTIONS };

export type PartyMenuKit = typeof partyMenuKit;
