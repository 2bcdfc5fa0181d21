import type * as React from 'react';
import type { ChatComposer, ChatInteraction, ChatTranscript, ConferencePartyMenu, ContactChat, InteractionPreview, TeamCommunicator, WorkspaceProvider } from '../components/index.js';
import type { WorkspaceDomEventMap, WorkspaceEventName } from '../components/shared/events.js';

/*
 * The tags in React 19's JSX. React 19 sets a prop as the element's property when the
 * element has it (`store`, `sessionId`, `now`) and as an attribute otherwise
 * (`session-id`); `on<event-name>` props listen to the element's DOM events.
 */

/** `theme` on any element: light, dark, or the system's preference. */
export type WorkspaceTheme = 'light' | 'dark' | 'auto';

type EventProps<Events extends WorkspaceEventName> = { [N in Events as `on${N}`]?: (event: WorkspaceDomEventMap[N]) => void };

/** Props of a workspace tag in JSX: the HTML ones, its public properties, its attributes and its events. */
export type WorkspaceElementProps<E extends HTMLElement, Properties extends keyof E, Attributes extends string, Events extends WorkspaceEventName = never> = React.DetailedHTMLProps<
  React.HTMLAttributes<E>,
  E
> &
  Partial<Pick<E, Properties>> & { [A in Attributes]?: string | number | boolean } & EventProps<Events>;

type PartyEvents = 'party-call' | 'party-instant-message' | 'party-email';
type TargetEvents = 'target-voice-consultation' | 'target-instant-message' | 'team-communicator-close';

export interface WorkspaceIntrinsicElements {
  'chat-interaction': WorkspaceElementProps<ChatInteraction, 'store' | 'sessionId' | 'dispositionStyle' | 'now', 'session-id' | 'disposition-style', PartyEvents | TargetEvents | 'interaction-done'> & {
    theme?: WorkspaceTheme;
  };
  'team-communicator': WorkspaceElementProps<TeamCommunicator, 'store' | 'mode' | 'sessionId' | 'storage', 'session-id', TargetEvents> & { theme?: WorkspaceTheme };
  'conference-party-menu': WorkspaceElementProps<ConferencePartyMenu, 'store' | 'sessionId' | 'userId' | 'permissions', 'session-id' | 'user-id' | 'disabled-actions', PartyEvents> & {
    theme?: WorkspaceTheme;
  };
  'interaction-preview': WorkspaceElementProps<InteractionPreview, 'store' | 'invitationId' | 'takeFocus' | 'now', 'invitation-id' | 'take-focus', 'invitation-answer'> & { theme?: WorkspaceTheme };
  'contact-chat': WorkspaceElementProps<ContactChat, 'store', never> & { theme?: WorkspaceTheme };
  'chat-transcript': WorkspaceElementProps<ChatTranscript, 'store' | 'sessionId' | 'label' | 'virtualizeFrom', 'session-id' | 'virtualize-from'> & { theme?: WorkspaceTheme };
  'chat-composer': WorkspaceElementProps<ChatComposer, 'store' | 'sessionId' | 'disabled' | 'allowInternal' | 'label' | 'typingIdleMs', 'session-id' | 'allow-internal' | 'typing-idle-ms'> & {
    theme?: WorkspaceTheme;
  };
  'workspace-provider': WorkspaceElementProps<WorkspaceProvider, 'store', never>;
}

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface IntrinsicElements extends WorkspaceIntrinsicElements {}
  }
}
