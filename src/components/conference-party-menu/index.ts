import { defineOnce } from '../shared/define.js';
import { ConferencePartyMenu } from './conference-party-menu.js';

defineOnce('conference-party-menu', ConferencePartyMenu);

export { ConferencePartyMenu };
export { PartyMenuConfigError, type PartyAction, type PartyMenuPermissions } from './party-actions.js';

declare global {
  interface HTMLElementTagNameMap {
    'conference-party-menu': ConferencePartyMenu;
  }
}
