import { msg } from '@lit/localize';
import type { DirectoryTarget, PresenceState, TargetKind } from '../../engine/types.js';

/** What the Team Communicator was opened for; `browse` has no interaction to act on. */
export type TeamCommunicatorMode = 'conference' | 'consultation' | 'transfer' | 'browse';
export const TEAM_COMMUNICATOR_MODES: readonly TeamCommunicatorMode[] = ['conference', 'consultation', 'transfer', 'browse'];

export type TargetActionKey =
  | 'conference'
  | 'chat-consultation'
  | 'voice-consultation'
  | 'instant-message'
  | 'transfer'
  | 'add-favorite'
  | 'remove-favorite';

export interface TargetAction {
  key: TargetActionKey;
  label: string;
  /** Why it cannot be used now, when it cannot (shown as text, the item is aria-disabled). */
  disabledReason?: string;
}

/** One row of the Team Communicator: a directory target, or the peer of an active consultation. */
export interface TargetRowData {
  id: string;
  name: string;
  kind: TargetKind;
  number?: string;
  /** Agents: presence per channel, when known. */
  presence?: { chat: PresenceState; voice: PresenceState };
  /** The directory entry, when the row is one (favorites need it). */
  target?: DirectoryTarget;
  /** Active Consultations: the consultation whose peer this row is. */
  consultationId?: string;
}

export function toModeOrBrowse(value: string | null | undefined): TeamCommunicatorMode {
  return TEAM_COMMUNICATOR_MODES.includes(value as TeamCommunicatorMode) ? (value as TeamCommunicatorMode) : 'browse';
}

/** Why an agent cannot take a chat now, or undefined when they can. */
export function chatUnavailableReason(row: TargetRowData): string | undefined {
  return row.presence?.chat === 'offline' ? msg('Offline: cannot receive chats') : undefined;
}

function voiceUnavailableReason(row: TargetRowData): string | undefined {
  return row.presence?.voice === 'offline' ? msg('Offline: cannot receive calls') : undefined;
}

function withReason(key: TargetActionKey, label: string, reason: string | undefined): TargetAction {
  return reason ? { key, label, disabledReason: reason } : { key, label };
}

/**
 * The actions that fit the mode and the target, in menu order. Chat actions need an
 * interaction (`hasSession`); voice and instant message are the host's media and are
 * offered for agents only; favorites for directory targets only.
 */
export function actionsFor(mode: TeamCommunicatorMode, row: TargetRowData, options: { hasSession: boolean; favorite: boolean }): TargetAction[] {
  const actions: TargetAction[] = [];
  const chatReason = chatUnavailableReason(row);
  const agent = row.kind === 'agent';
  if (mode === 'conference' && options.hasSession) {
    actions.push(withReason('conference', msg('Instant Chat Conference'), chatReason));
  }
  if (mode === 'consultation') {
    if (options.hasSession) actions.push(withReason('chat-consultation', msg('Start Chat Consultation'), chatReason));
    if (agent) {
      actions.push(withReason('voice-consultation', msg('Start Voice Consultation'), voiceUnavailableReason(row)));
      actions.push({ key: 'instant-message', label: msg('Start Instant Message Consultation') });
    }
  }
  if (mode === 'transfer' && options.hasSession) {
    actions.push(withReason('transfer', msg('Instant Chat Transfer'), chatReason));
  }
  if (mode === 'browse' && agent) {
    actions.push(withReason('voice-consultation', msg('Start Voice Consultation'), voiceUnavailableReason(row)));
    actions.push({ key: 'instant-message', label: msg('Start Instant Message Consultation') });
  }
  if (row.target) {
    actions.push(options.favorite ? { key: 'remove-favorite', label: msg('Remove from Favorites') } : { key: 'add-favorite', label: msg('Add to Favorites') });
  }
  return actions;
}
