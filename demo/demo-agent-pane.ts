import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { SelectController } from '../src/components/shared/select-controller.js';
import {
  selectAfterCallWorkEndsAt,
  selectConnection,
  selectInteractions,
  selectMyPresence,
  selectIncomingInvitations,
  selectStandaloneConsultationIds,
} from '../src/store/selectors.js';
import type { WorkspaceStore } from '../src/store/types.js';
import type { PresenceState } from '../src/engine/types.js';
import type { ConnectionState } from '../src/transport/types.js';

const PRESENCE: { value: PresenceState; label: string }[] = [
  { value: 'ready', label: 'Ready' },
  { value: 'not-ready', label: 'Not Ready' },
  { value: 'after-call-work', label: 'After Call Work' },
  { value: 'offline', label: 'Offline' },
];

const IDLE: ConnectionState = { status: 'idle' };
const NONE: string[] = [];

/**
 * One agent's desktop: presence switch, incoming previews, interaction windows. The same
 * element is a pane of the side-by-side page (heading level 2) and the whole page of an
 * agent signed in over the network (level 1).
 */
@customElement('demo-agent-pane')
export class DemoAgentPane extends LitElement {
  @property({ attribute: false }) store!: WorkspaceStore;
  @property({ attribute: false }) personName = '';
  @property({ type: Number, attribute: 'heading-level' }) headingLevel: 1 | 2 = 2;

  private interactions = new SelectController(this, () => this.store, selectInteractions, []);
  private presence = new SelectController(this, () => this.store, selectMyPresence, undefined);
  private incoming = new SelectController(this, () => this.store, selectIncomingInvitations, []);
  private connection = new SelectController(this, () => this.store, selectConnection, IDLE);
  private consultations = new SelectController(this, () => this.store, selectStandaloneConsultationIds, NONE);
  private afterCallWorkEndsAt = new SelectController(this, () => this.store, selectAfterCallWorkEndsAt, undefined);
  private ticker?: ReturnType<typeof setInterval>;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopTicker();
  }

  private stopTicker(): void {
    if (this.ticker !== undefined) clearInterval(this.ticker);
    this.ticker = undefined;
  }

  /** "Ready in 0:08" while timed after-call work runs; redrawn every second. */
  private countdown(chat: PresenceState): string {
    const endsAt = this.afterCallWorkEndsAt.value;
    if (chat !== 'after-call-work' || endsAt === undefined) {
      this.stopTicker();
      return '';
    }
    this.ticker ??= setInterval(() => this.requestUpdate(), 1000);
    const left = Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
    return `Ready in ${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
  }

  // Light DOM: the pane is part of the page's landmarks; the components keep their own shadow roots.
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  private onPresence(event: Event): void {
    const state = (event.target as HTMLSelectElement).value as PresenceState;
    void this.store.dispatch({ type: 'set-presence', channel: 'chat', state });
  }

  /**
   * The interaction windows say "Reconnecting…" themselves; an empty desktop has none, so
   * it says how the connection stands here.
   */
  private connectionText(): string {
    const { status, reason } = this.connection.value;
    if (status === 'connected' || this.interactions.value.length > 0 || this.consultations.value.length > 0) return '';
    if (status === 'reconnecting') return 'Reconnecting…';
    if (status === 'failed') return reason ? `The connection failed: ${reason}` : 'The connection failed.';
    if (status === 'connecting' || status === 'idle') return 'Connecting…';
    return '';
  }

  override render() {
    const chat = this.presence.value?.chat ?? 'offline';
    const id = `presence-${this.personName.replace(/\W+/g, '-')}`;
    const heading = this.headingLevel === 1 ? html`<h1>${this.personName}</h1>` : html`<h2>${this.personName}</h2>`;
    const empty = this.interactions.value.length === 0 && this.incoming.value.length === 0 && this.consultations.value.length === 0;
    return html`<section class="pane" role="region" aria-label=${this.personName}>
      ${heading}
      <div class="presence">
        <label for=${id}>Chat presence</label>
        <select id=${id} .value=${chat} @change=${this.onPresence}>
          ${PRESENCE.map((p) => html`<option value=${p.value} ?selected=${p.value === chat}>${p.label}</option>`)}
        </select>
        <span class="countdown">${this.countdown(chat)}</span>
      </div>
      <p class="connection" role="status">${this.connectionText()}</p>
      ${this.incoming.value.map(
        (invitation) =>
          html`<interaction-preview .store=${this.store} invitation-id=${invitation.id} heading-level=${this.headingLevel + 1}></interaction-preview>`,
      )}
      ${empty ? html`<p class="empty">No interactions.</p>` : nothing}
      ${this.interactions.value.map(
        (vm) =>
          html`<chat-interaction .store=${this.store} session-id=${vm.session.id} heading-level=${this.headingLevel + 1} focus-after-done=${`#${id}`}></chat-interaction>`,
      )}
      ${this.consultations.value.map(
        (consultationId) =>
          html`<chat-interaction .store=${this.store} session-id=${consultationId} heading-level=${this.headingLevel + 1} focus-after-done=${`#${id}`}></chat-interaction>`,
      )}
    </section>`;
  }
}
