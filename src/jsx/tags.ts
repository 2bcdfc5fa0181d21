// What each workspace tag takes in JSX, written once for every framework's typings
// (`workspace-chat/react`, `workspace-chat/jsx/preact`): its element class, the public
// properties a prop sets, the attributes a prop sets, and the DOM events `on<event-name>`
// props listen to. Types only.
import type { ChatComposer, ChatInteraction, ChatTranscript, ConferencePartyMenu, ContactChat, InteractionPreview, TeamCommunicator, WorkspaceProvider } from '../components/index.js';
import type { WorkspaceDomEventMap, WorkspaceEventName } from '../components/shared/events.js';

/** `theme` on any element: light, dark, or the system's preference. */
export type WorkspaceTheme = 'light' | 'dark' | 'auto';

type PartyEvents = 'party-call' | 'party-instant-message' | 'party-email';
type TargetEvents = 'target-voice-consultation' | 'target-instant-message' | 'team-communicator-close';

interface Tag<E extends HTMLElement, P extends keyof E, A extends string, V extends WorkspaceEventName = never, Themed extends boolean = true> {
  element: E;
  properties: P;
  attributes: A;
  events: V;
  themed: Themed;
}

export interface WorkspaceTags {
  'chat-interaction': Tag<ChatInteraction, 'store' | 'sessionId' | 'dispositionStyle' | 'now', 'session-id' | 'disposition-style', PartyEvents | TargetEvents | 'interaction-done'>;
  'team-communicator': Tag<TeamCommunicator, 'store' | 'mode' | 'sessionId' | 'storage', 'session-id', TargetEvents>;
  'conference-party-menu': Tag<ConferencePartyMenu, 'store' | 'sessionId' | 'userId' | 'permissions', 'session-id' | 'user-id' | 'disabled-actions', PartyEvents>;
  'interaction-preview': Tag<InteractionPreview, 'store' | 'invitationId' | 'takeFocus' | 'now', 'invitation-id' | 'take-focus', 'invitation-answer'>;
  'contact-chat': Tag<ContactChat, 'store', never>;
  'chat-transcript': Tag<ChatTranscript, 'store' | 'sessionId' | 'label' | 'virtualizeFrom', 'session-id' | 'virtualize-from'>;
  'chat-composer': Tag<ChatComposer, 'store' | 'sessionId' | 'disabled' | 'allowInternal' | 'label' | 'typingIdleMs', 'session-id' | 'allow-internal' | 'typing-idle-ms'>;
  'workspace-provider': Tag<WorkspaceProvider, 'store', never, never, false>;
}

type EventProps<Events extends WorkspaceEventName> = { [N in Events as `on${N}`]?: (event: WorkspaceDomEventMap[N]) => void };

/** A tag's own props, whatever the framework: its public properties, attributes and events. */
export type WorkspaceOwnProps<E extends HTMLElement, Properties extends keyof E, Attributes extends string, Events extends WorkspaceEventName = never> = Partial<
  Pick<E, Properties>
> & { [A in Attributes]?: string | number | boolean } & EventProps<Events>;

/** A tag's property names, as keys of its element (what the generic props types ask for). */
export type WorkspaceTagProperties<T extends keyof WorkspaceTags> = WorkspaceTags[T]['properties'] & keyof WorkspaceTags[T]['element'];

/** `theme`, on the tags that take it. */
export type WorkspaceTagProps<T extends keyof WorkspaceTags> = WorkspaceTags[T]['themed'] extends true ? { theme?: WorkspaceTheme } : unknown;
