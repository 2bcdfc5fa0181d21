// `workspace-chat/jsx/preact`: the tags in Preact's JSX. Import it once (`import type {} from
// 'workspace-chat/jsx/preact'`) where the elements are used. Preact sets a prop as the
// element's property when the element has it (`store`, `sessionId`) and as an attribute
// otherwise (`session-id`); `on<event-name>` props listen to the element's DOM events.
import type { JSX } from 'preact';
import type { WorkspaceEventName } from '../components/shared/events.js';
import type { WorkspaceOwnProps, WorkspaceTagProperties, WorkspaceTagProps, WorkspaceTags } from './tags.js';

export type { WorkspaceTheme } from './tags.js';

/** Props of a workspace tag in Preact's JSX: the HTML ones, its public properties, its attributes and its events. */
export type WorkspacePreactProps<E extends HTMLElement, Properties extends keyof E, Attributes extends string, Events extends WorkspaceEventName = never> = Omit<
  JSX.HTMLAttributes<E>,
  Properties | Attributes
> &
  WorkspaceOwnProps<E, Properties, Attributes, Events>;

export type WorkspacePreactElements = {
  [T in keyof WorkspaceTags]: WorkspacePreactProps<
    WorkspaceTags[T]['element'],
    WorkspaceTagProperties<T>,
    WorkspaceTags[T]['attributes'],
    WorkspaceTags[T]['events']
  > &
    WorkspaceTagProps<T>;
};

declare module 'preact' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface IntrinsicElements extends WorkspacePreactElements {}
  }
}
