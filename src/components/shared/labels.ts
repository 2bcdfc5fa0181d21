import { msg, str } from '@lit/localize';
import type { InvitationKind, InvitationState, NoticeEntry, PartyState, PresenceState, TargetKind } from '../../engine/types.js';

/*
 * Localised words for the engine's states, shared by every component so the same state
 * reads the same everywhere. Functions, not constants: `msg()` must run at render time
 * to follow the current locale.
 */

export function partyStateLabel(state: PartyState): string {
  switch (state) {
    case 'invited':
      return msg('Ringing');
    case 'connected':
      return msg('Connected');
    case 'left':
      return msg('Ended');
    case 'removed':
      return msg('Removed');
    case 'rejected':
      return msg('Rejected');
    case 'timed-out':
      return msg('Timed out');
  }
}

export function presenceLabel(state: PresenceState): string {
  switch (state) {
    case 'ready':
      return msg('Ready');
    case 'not-ready':
      return msg('Not Ready');
    case 'after-call-work':
      return msg('After Call Work');
    case 'offline':
      return msg('Offline');
  }
}

export function targetKindLabel(kind: TargetKind): string {
  switch (kind) {
    case 'agent':
      return msg('Agent');
    case 'queue':
      return msg('Queue');
    case 'routing-point':
      return msg('Routing Point');
  }
}

export function invitationKindLabel(kind: InvitationKind): string {
  switch (kind) {
    case 'chat':
      return msg('New chat');
    case 'conference':
      return msg('Chat conference request');
    case 'consultation':
      return msg('Chat consultation request');
    case 'transfer':
      return msg('Chat transfer request');
  }
}

export function invitationStateLabel(state: InvitationState): string {
  switch (state) {
    case 'pending':
      return msg('Pending');
    case 'accepted':
      return msg('Accepted');
    case 'rejected':
      return msg('Rejected');
    case 'cancelled':
      return msg('Cancelled');
    case 'timed-out':
      return msg('Timed out');
  }
}

/** A system notice in the current locale, worded as in the seed for English. */
export function noticeText(entry: NoticeEntry): string {
  const name = entry.subject?.name ?? '';
  switch (entry.notice) {
    case 'waiting':
      return msg('Agent will be with you shortly');
    case 'party-joined':
      return msg(str`New party '${name}' has joined the session`);
    case 'party-left':
      return msg(str`Party '${name}' has left the session`);
    default:
      return entry.text;
  }
}
