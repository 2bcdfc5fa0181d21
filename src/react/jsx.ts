import type * as React from 'react';
import type { WorkspaceEventName } from '../components/shared/events.js';
import type { WorkspaceOwnProps, WorkspaceTagProperties, WorkspaceTagProps, WorkspaceTags } from '../jsx/tags.js';

export type { WorkspaceTheme } from '../jsx/tags.js';

/*
 * The tags in React 19's JSX. React 19 sets a prop as the element's property when the
 * element has it (`store`, `sessionId`, `now`) and as an attribute otherwise
 * (`session-id`); `on<event-name>` props listen to the element's DOM events.
 */

/** Props of a workspace tag in JSX: the HTML ones, its public properties, its attributes and its events. */
export type WorkspaceElementProps<E extends HTMLElement, Properties extends keyof E, Attributes extends string, Events extends WorkspaceEventName = never> = React.DetailedHTMLProps<
  React.HTMLAttributes<E>,
  E
> &
  WorkspaceOwnProps<E, Properties, Attributes, Events>;

export type WorkspaceIntrinsicElements = {
  [T in keyof WorkspaceTags]: WorkspaceElementProps<
    WorkspaceTags[T]['element'],
    WorkspaceTagProperties<T>,
    WorkspaceTags[T]['attributes'],
    WorkspaceTags[T]['events']
  > &
    WorkspaceTagProps<T>;
};

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface IntrinsicElements extends WorkspaceIntrinsicElements {}
  }
}
