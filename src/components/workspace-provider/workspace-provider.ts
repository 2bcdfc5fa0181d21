import { LitElement, css, html } from 'lit';
import { property } from 'lit/decorators.js';
import { provide } from '@lit/context';
import { workspaceStoreContext } from '../shared/context.js';
import type { WorkspaceStore } from '../../store/types.js';

/**
 * Hands one store to every component inside it, so a host sets `.store` once instead of
 * on each element. It renders nothing of its own (`display: contents`), so it does not
 * disturb the host's layout. A component's own `.store` still wins over this one. The
 * components may be defined before or after it (a ContextRoot on the document waits).
 *
 * @tag workspace-provider
 * @summary One store for every workspace-chat element inside it.
 * @slot - The host's markup, with workspace-chat elements anywhere inside.
 */
export class WorkspaceProvider extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  /** The store the components below receive; replacing it rebinds them. */
  @provide({ context: workspaceStoreContext })
  @property({ attribute: false })
  store?: WorkspaceStore;

  protected override render() {
    return html`<slot></slot>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'workspace-provider': WorkspaceProvider;
  }
}
