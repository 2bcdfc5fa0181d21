import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { SelectController } from '../src/store/select-controller.js';
import { selectInteractions, selectMyPresence, selectIncomingInvitations } from '../src/store/selectors.js';
import type { WorkspaceStore } from '../src/store/types.js';
import type { PresenceState } from '../src/engine/types.js';

const PRESENCE: { value: PresenceState; label: string }[] = [
  { value: 'ready', label: 'Ready' },
  { value: 'not-ready', label: 'Not Ready' },
  { value: 'after-call-work', label: 'After Call Work' },
  { value: 'offline', label: 'Offline' },
];

/** One agent's desktop in the demo: presence switch, incoming previews, interaction windows. */
@customElement('demo-agent-pane')
export class DemoAgentPane extends LitElement {
  @property({ attribute: false }) store!: WorkspaceStore;
  @property({ attribute: false }) personName = '';

  private interactions = new SelectController(this, () => this.store, selectInteractions, []);
  private presence = new SelectController(this, () => this.store, selectMyPresence, undefined);
  private incoming = new SelectController(this, () => this.store, selectIncomingInvitations, []);

  // Light DOM: the pane is part of the page's landmarks; the components keep their own shadow roots.
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  private onPresence(event: Event): void {
    const state = (event.target as HTMLSelectElement).value as PresenceState;
    void this.store.dispatch({ type: 'set-presence', channel: 'chat', state });
  }

  override render() {
    const chat = this.presence.value?.chat ?? 'offline';
    const id = `presence-${this.personName.replace(/\W+/g, '-')}`;
    return html`<section class="pane" role="region" aria-label=${this.personName}>
      <h2>${this.personName}</h2>
      <div>
        <label for=${id}>Chat presence</label>
        <select id=${id} .value=${chat} @change=${this.onPresence}>
          ${PRESENCE.map((p) => html`<option value=${p.value} ?selected=${p.value === chat}>${p.label}</option>`)}
        </select>
      </div>
      ${this.incoming.value.map(
        (invitation) => html`<interaction-preview .store=${this.store} invitation-id=${invitation.id}></interaction-preview>`,
      )}
      ${this.interactions.value.length === 0 && this.incoming.value.length === 0
        ? html`<p>No interactions.</p>`
        : nothing}
      ${this.interactions.value.map(
        (vm) => html`<chat-interaction .store=${this.store} session-id=${vm.session.id}></chat-interaction>`,
      )}
    </section>`;
  }
}
