import type { PartyView } from '../../engine/types.js';
import type { InteractionVM } from '../../store/types.js';

/** The four entries of the Conference Party Action Menu, in menu order. */
export type PartyAction = 'call' | 'instantMessage' | 'email' | 'delete';
export const PARTY_ACTIONS: readonly PartyAction[] = ['call', 'instantMessage', 'email', 'delete'];

/** What the host lets this user do at all; the party's state then narrows it. */
export type PartyMenuPermissions = Record<PartyAction, boolean>;

export const ALL_PERMITTED: Readonly<PartyMenuPermissions> = Object.freeze({ call: true, instantMessage: true, email: true, delete: true });

/** Names accepted by the `disabled-actions` attribute, mapped to the permission they withdraw. */
const ATTRIBUTE_NAMES: Record<string, PartyAction> = {
  call: 'call',
  'instant-message': 'instantMessage',
  instantmessage: 'instantMessage',
  im: 'instantMessage',
  email: 'email',
  'e-mail': 'email',
  delete: 'delete',
};

export class PartyMenuConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PartyMenuConfigError';
  }
}

/**
 * Reads `disabled-actions="call email"`. An unknown word is a host mistake that would
 * silently leave an action enabled, so it throws a readable error instead.
 */
export function parseDisabledActions(value: string | null | undefined): PartyAction[] {
  if (!value) return [];
  const actions: PartyAction[] = [];
  for (const word of value.trim().split(/[\s,]+/)) {
    if (!word) continue;
    const action = ATTRIBUTE_NAMES[word.toLowerCase()];
    if (!action) {
      throw new PartyMenuConfigError(
        `conference-party-menu: unknown action "${word}" in disabled-actions; use call, instant-message, email or delete.`,
      );
    }
    actions.push(action);
  }
  return actions;
}

/** The permissions in effect: the property's (defaults filled in) minus what the attribute disables. */
export function effectivePermissions(permissions: Partial<PartyMenuPermissions> | undefined, disabled: readonly PartyAction[]): PartyMenuPermissions {
  const result: PartyMenuPermissions = { ...ALL_PERMITTED };
  for (const action of PARTY_ACTIONS) {
    const value = permissions?.[action];
    if (value !== undefined) result[action] = value === true;
  }
  for (const action of disabled) result[action] = false;
  return result;
}

/**
 * Which actions are available for one party now. Voice and e-mail reach a party that is
 * in the conversation; an IM consultation is between agents; Delete From Conference is
 * for removing another connected agent while this user is still in the interaction.
 * Nobody acts on themself.
 */
export function availableActions(
  interaction: InteractionVM | undefined,
  party: PartyView | undefined,
  userId: string | undefined,
  permissions: PartyMenuPermissions,
): PartyMenuPermissions {
  const none: PartyMenuPermissions = { call: false, instantMessage: false, email: false, delete: false };
  if (!interaction || !party || party.userId === userId) return none;
  const partyConnected = party.state === 'connected';
  const isAgent = party.role === 'agent';
  const iAmConnected = interaction.me?.state === 'connected' && interaction.session.state !== 'ended';
  return {
    call: permissions.call && partyConnected,
    instantMessage: permissions.instantMessage && isAgent,
    email: permissions.email && partyConnected,
    delete: permissions.delete && isAgent && partyConnected && iAmConnected,
  };
}
