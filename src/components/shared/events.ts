import type { InvitationView, PartyView, SessionId, DirectoryTarget } from '../../engine/types.js';

/**
 * The DOM events the components dispatch for the host app. All bubble and are composed,
 * so a host listens on any ancestor. The names and details are public contract.
 */
export interface WorkspaceEventMap {
  /** Conference Party Action Menu → Call: start a voice call to the party (host media). */
  'party-call': { sessionId: SessionId; party: PartyView };
  /** Conference Party Action Menu → Start Instant Message Consultation (host media). */
  'party-instant-message': { sessionId: SessionId; party: PartyView };
  /** Conference Party Action Menu → New E-mail (host media). */
  'party-email': { sessionId: SessionId; party: PartyView };
  /** Team Communicator → Start Voice Consultation with a target (host media). */
  'target-voice-consultation': { sessionId?: SessionId; target: DirectoryTarget };
  /** Team Communicator → Start Instant Message Consultation with a target (host media). */
  'target-instant-message': { sessionId?: SessionId; target: DirectoryTarget };
  /** Team Communicator finished (an action was taken or Escape pressed): the opener may close it. */
  'team-communicator-close': { reason: 'action' | 'cancel' };
  /** An invitation was accepted or rejected from an Interaction Preview. */
  'invitation-answer': { invitation: InvitationView; answer: 'accept' | 'reject' };
  /** The user pressed Done on an interaction: the host may close its window. */
  'interaction-done': { sessionId: SessionId };
}

export type WorkspaceEventName = keyof WorkspaceEventMap;

/** Every workspace event's name at run time (for hosts that forward them all, and Storybook's Actions panel). */
export const WORKSPACE_EVENT_NAMES = [
  'party-call',
  'party-instant-message',
  'party-email',
  'target-voice-consultation',
  'target-instant-message',
  'team-communicator-close',
  'invitation-answer',
  'interaction-done',
] as const satisfies readonly WorkspaceEventName[];
type Assert<T extends true> = T;
/** Fails to compile when an event is added to the map but not to the list. */
export type _EveryEventListed = Assert<[Exclude<WorkspaceEventName, (typeof WORKSPACE_EVENT_NAMES)[number]>] extends [never] ? true : false>;

export function workspaceEvent<K extends WorkspaceEventName>(name: K, detail: WorkspaceEventMap[K]): CustomEvent<WorkspaceEventMap[K]> {
  return new CustomEvent(name, { detail, bubbles: true, composed: true });
}

/** Every workspace event as the DOM delivers it: `CustomEvent` with the typed detail. */
export type WorkspaceDomEventMap = { [K in WorkspaceEventName]: CustomEvent<WorkspaceEventMap[K]> };

/*
 * The events bubble and are composed, so a host meets them on elements, on the document and
 * on the window: all three maps derive from the one map above.
 */
declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends WorkspaceDomEventMap {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface DocumentEventMap extends WorkspaceDomEventMap {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface WindowEventMap extends WorkspaceDomEventMap {}
}
