import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { SEED_CHAT } from '../src/seed/directory.js';
import type { WorkspaceStore } from '../src/store/types.js';

// The order number the seed's contact chats about, offered as the chat's case data.
const CASE_DATA = { Order: SEED_CHAT.caseData.Order ?? '000205' };

/**
 * The contact's side: `<contact-chat>`, which shows only what the engine lets a contact
 * see. A pane of the side-by-side page (heading level 2) or the whole page of a contact
 * signed in over the network (level 1).
 */
@customElement('demo-contact-pane')
export class DemoContactPane extends LitElement {
  @property({ attribute: false }) store!: WorkspaceStore;
  @property({ attribute: false }) personName = '';
  @property({ type: Number, attribute: 'heading-level' }) headingLevel: 1 | 2 = 2;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override render() {
    const heading = this.headingLevel === 1 ? html`<h1>${this.personName}</h1>` : html`<h2>${this.personName}</h2>`;
    return html`<section class="pane" role="region" aria-label=${this.personName}>
      ${heading}
      <contact-chat .store=${this.store} .caseData=${CASE_DATA}></contact-chat>
    </section>`;
  }
}
