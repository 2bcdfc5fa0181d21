// `workspace-chat/react`: React components for the elements, made with @lit/react, with
// typed event props (`onInvitationAnswer`, …), and the JSX typings for using the tags
// themselves in React 19 (`<chat-interaction session-id="…">`). Importing it registers the
// elements, as `workspace-chat/components` does.
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import {
  ChatComposer as ChatComposerElement,
  ChatInteraction as ChatInteractionElement,
  ChatTranscript as ChatTranscriptElement,
  ConferencePartyMenu as ConferencePartyMenuElement,
  ContactChat as ContactChatElement,
  InteractionPreview as InteractionPreviewElement,
  TeamCommunicator as TeamCommunicatorElement,
  WorkspaceProvider as WorkspaceProviderElement,
} from '../components/index.js';
import type { WorkspaceDomEventMap, WorkspaceEventName } from '../components/shared/events.js';

const event = <K extends WorkspaceEventName>(name: K) => name as EventName<WorkspaceDomEventMap[K]>;

const partyEvents = {
  onPartyCall: event('party-call'),
  onPartyInstantMessage: event('party-instant-message'),
  onPartyEmail: event('party-email'),
};
const targetEvents = {
  onTargetVoiceConsultation: event('target-voice-consultation'),
  onTargetInstantMessage: event('target-instant-message'),
  onTeamCommunicatorClose: event('team-communicator-close'),
};

/** `<chat-interaction>`; the events of the party menus and Team Communicator inside it bubble to it. */
export const ChatInteraction = createComponent({
  react: React,
  tagName: 'chat-interaction',
  elementClass: ChatInteractionElement,
  events: { ...partyEvents, ...targetEvents, onInteractionDone: event('interaction-done') },
  displayName: 'ChatInteraction',
});

export const TeamCommunicator = createComponent({
  react: React,
  tagName: 'team-communicator',
  elementClass: TeamCommunicatorElement,
  events: targetEvents,
  displayName: 'TeamCommunicator',
});

export const ConferencePartyMenu = createComponent({
  react: React,
  tagName: 'conference-party-menu',
  elementClass: ConferencePartyMenuElement,
  events: partyEvents,
  displayName: 'ConferencePartyMenu',
});

export const InteractionPreview = createComponent({
  react: React,
  tagName: 'interaction-preview',
  elementClass: InteractionPreviewElement,
  events: { onInvitationAnswer: event('invitation-answer') },
  displayName: 'InteractionPreview',
});

export const ContactChat = createComponent({ react: React, tagName: 'contact-chat', elementClass: ContactChatElement, displayName: 'ContactChat' });

export const ChatTranscript = createComponent({ react: React, tagName: 'chat-transcript', elementClass: ChatTranscriptElement, displayName: 'ChatTranscript' });

export const ChatComposer = createComponent({ react: React, tagName: 'chat-composer', elementClass: ChatComposerElement, displayName: 'ChatComposer' });

/** `<workspace-provider>`: one store for every component inside it. */
export const WorkspaceProvider = createComponent({
  react: React,
  tagName: 'workspace-provider',
  elementClass: WorkspaceProviderElement,
  displayName: 'WorkspaceProvider',
});

export type { WorkspaceEventMap, WorkspaceDomEventMap, WorkspaceEventName } from '../components/shared/events.js';
export type * from './jsx.js';
