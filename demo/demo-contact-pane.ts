import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { SelectController } from '../src/store/select-controller.js';
import { selectInteractions } from '../src/store/selectors.js';
import type { WorkspaceStore } from '../src/store/types.js';

/**
 * The contact's side in the demo: start a chat with a subject, then the same transcript and
 * composer the agents use, which show only what the engine lets a contact see.
 */
@customElement('demo-contact-pane')
export class DemoContactPane extends LitElement {
  @property({ attribute: false }) store!: WorkspaceStore;
  @property({ attribute: false }) personName = '';
  @state() private error = '';

  private interactions = new SelectController(this, () => this.store, selectInteractions, []);

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  private async start(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const subject = (form.elements.namedItem('subject') as HTMLInputElement).value;
    const result = await this.store.dispatch({ type: 'start-chat', subject, caseData: { Order: '000205', Channel: 'Web' } });
    this.error = result.ok ? '' : result.error.message;
  }

  private async end(sessionId: string): Promise<void> {
    const result = await this.store.dispatch({ type: 'leave', sessionId });
    this.error = result.ok ? '' : result.error.message;
  }

  override render() {
    const chat = this.interactions.value[0];
    const live = chat && chat.session.state !== 'ended' && chat.me?.state === 'connected';
    return html`<section class="pane" role="region" aria-label=${this.personName}>
      <h2>${this.personName}</h2>
      ${live
        ? html`<p>Chat: ${chat.session.subject}</p>
            <chat-transcript .store=${this.store} session-id=${chat.session.id} label="Chat with the contact center"></chat-transcript>
            <chat-composer .store=${this.store} session-id=${chat.session.id}></chat-composer>
            <button type="button" @click=${() => this.end(chat.session.id)}>End Chat</button>`
        : html`${chat
              ? html`<p>Your chat has ended.</p>
                  <chat-transcript .store=${this.store} session-id=${chat.session.id} label="Chat with the contact center"></chat-transcript>`
              : ''}
            <form @submit=${this.start}>
              <label>Subject <input name="subject" value="Help with on line purchase" required maxlength="1000" /></label>
              <button type="submit">Start Chat</button>
            </form>`}
      <p role="alert">${this.error}</p>
    </section>`;
  }
}
