// `workspace-chat/jsx/preact`: the tags in Preact's JSX. Import it once (`import type {} from
// 'workspace-chat/jsx/preact'`) where the elements are used. Preact sets a prop as the
// element's property when the element has it (`store`, `sessionId`) and as an attribute
// otherwise (`session-id`); `on<event-name>` props listen to the element's DOM events.
import type { JSX } from 'preact';
import type { ChatComposer, ChatInteraction, ChatTranscript, ConferencePartyMenu, ContactChat, InteractionPreview, TeamCommunicator, WorkspaceProvider } from '../components/index.js';
import type { WorkspaceDomEventMap, WorkspaceEventName } from '../components/shared/events.js';

/** `theme` on any element: light, dark, or the system's preference. */
export type WorkspaceTheme = 'light' | 'dark' | 'auto';

type EventProps<Events extends WorkspaceEventName> = { [N in Events as `on${N}`]?: (event: WorkspaceDomEventMap[N]) => void };

/** Props of a workspace tag in Preact's JSX: the HTML ones, its public properties, its attributes and its events. */
export type WorkspacePreactProps<E extends HTMLElement, Properties extends keyof E, Attributes extends string, Events extends WorkspaceEventName = never> = Omit<
  JSX.HTMLAttributes<E>,
  Properties | Attributes
> &
  Partial<Pick<E, Properties>> & { [A in Attributes]?: string | number | boolean } & EventProps<Events>;

type PartyEvents = 'party-call' | 'party-instant-message' | 'party-email';
type TargetEvents = 'target-voice-consultation' | 'target-instant-message' | 'team-communicator-close';

export interface WorkspacePreactElements {
  'chat-interaction': WorkspacePreactProps<ChatInteraction, 'store' | 'sessionId' | 'dispositionStyle' | 'now', 'session-id' | 'disposition-style', PartyEvents | TargetEvents | 'interaction-done'> & {
    theme?: WorkspaceTheme;
  };
  'team-communicator': WorkspacePreactProps<TeamCommunicator, 'store' | 'mode' | 'sessionId' | 'storage', 'session-id', TargetEvents> & { theme?: WorkspaceTheme };
  'conference-party-menu': WorkspacePreactProps<ConferencePartyMenu, 'store' | 'sessionId' | 'userId' | 'permissions', 'session-id' | 'user-id' | 'disabled-actions', PartyEvents> & {
    theme?: WorkspaceTheme;
  };
  'interaction-preview': WorkspacePreactProps<InteractionPreview, 'store' | 'invitationId' | 'takeFocus' | 'now', 'invitation-id' | 'take-focus', 'invitation-answer'> & { theme?: WorkspaceTheme };
  'contact-chat': WorkspacePreactProps<ContactChat, 'store', never> & { theme?: WorkspaceTheme };
  'chat-transcript': WorkspacePreactProps<ChatTranscript, 'store' | 'sessionId' | 'label' | 'virtualizeFrom', 'session-id' | 'virtualize-from'> & { theme?: WorkspaceTheme };
  'chat-composer': WorkspacePreactProps<ChatComposer, 'store' | 'sessionId' | 'disabled' | 'allowInternal' | 'label' | 'typingIdleMs', 'session-id' | 'allow-internal' | 'typing-idle-ms'> & {
    theme?: WorkspaceTheme;
  };
  'workspace-provider': WorkspacePreactProps<WorkspaceProvider, 'store', never>;
}

declare module 'preact' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface IntrinsicElements extends WorkspacePreactElements {}
  }
}
