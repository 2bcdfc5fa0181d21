import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { repeat } from 'lit/directives/repeat.js';
import { localized, msg, str } from '@lit/localize';
import { StoreElement } from '../shared/store-element.js';
import { getLocale } from '../shared/localization.js';
import { selectConfig, selectConnection, selectInteractions } from '../../store/selectors.js';
import type { Command } from '../../engine/types.js';
import type { InteractionVM } from '../../store/types.js';
import { contactChatStyles } from './contact-chat.styles.js';
import { checkCaseData } from './case-data.js';
import { loadChatView } from './chat-view-loader.js';
import { prefixed, tagPrefix } from '../shared/tags.js';

/** The longest subject and case-data value when the configuration does not say (the engine's default). */
const DEFAULT_MAX_FIELD_LENGTH = 1000;

const NO_INTERACTIONS: InteractionVM[] = [];

/** What the widget shows. `starting`: the chat was asked for and its session has not arrived yet. */
type Mode = 'form' | 'starting' | 'waiting' | 'connected' | 'ended';

interface ShownChat {
  id: string;
  subject: string;
}

let widgetCount = 0;

/**
 * The contact's (customer's) side of a chat: a form to start a chat with a subject (and
 * the case data the host supplies), the wait for an agent, then the conversation — the
 * transcript (what the engine lets a contact see: messages, parties joining and leaving,
 * who is typing) and the composer — and End Chat with an inline confirmation. Once the
 * chat has ended it says so and offers to start a new one. A banner tells when the
 * connection is being re-established or has failed.
 *
 * Commands it dispatches: `start-chat` (subject, case data) and `leave` (End Chat); the
 * transcript and composer it contains send messages, typing and retries. It fires no DOM
 * events of its own.
 *
 * @tag contact-chat
 * @csspart connection - the connection banner ("Reconnecting…", or why the connection failed)
 * @csspart start-form - the form that starts a chat
 * @csspart subject-input - the Subject field
 * @csspart case-field - each case-data field of the form
 * @csspart start-button - "Start Chat"
 * @csspart header - the chat's subject, status and End Chat
 * @csspart subject - the chat's subject (its heading)
 * @csspart status - "Waiting for an agent…", who the contact is connected to, or "Chat ended"
 * @csspart end-button - "End Chat"
 * @csspart confirm - the inline "End this chat?" confirmation
 * @csspart confirm-yes - its Yes button
 * @csspart confirm-no - its No button
 * @csspart new-chat-button - "Start a new chat", once the chat has ended
 * @csspart error - why a command was refused
 * @csspart transcript - the `<chat-transcript>`
 * @csspart composer - the `<chat-composer>`
 * @cssprop --wc-contact-transcript-size - block size of the transcript (320px)
 * @cssprop --wc-background - widget background (and the other --wc-* theme tokens)
 */
@localized()
export class ContactChat extends StoreElement {
  static override styles = contactChatStyles;
  // The internal reactive state, declared here rather than with `@state()` on each field:
  // ten `__decorate` calls cost the contact page more bytes (min+gzip, `npm run size`).
  static override properties = {
    composing: { state: true },
    subjectDraft: { state: true },
    caseDraft: { state: true },
    subjectInvalid: { state: true },
    formError: { state: true },
    chatError: { state: true },
    confirming: { state: true },
    busy: { state: true },
    starting: { state: true },
    shown: { state: true },
  };

  /** `light`, `dark` or `auto`; passed on to the transcript and composer. */
  @property({ reflect: true }) theme?: string;

  private _caseData: Readonly<Record<string, string>> = {};

  /**
   * Case data the host knows about the contact (order number, page, …): shown as optional
   * fields of the start form, prefilled, and sent with `start-chat`. Keys and values must
   * be strings; anything else is refused with a `TypeError` and the previous value kept.
   */
  @property({ attribute: false })
  get caseData(): Readonly<Record<string, string>> {
    return this._caseData;
  }
  set caseData(value: Readonly<Record<string, string>> | undefined) {
    // Lit wraps this accessor and requests the update itself.
    const checked = checkCaseData(value);
    this._caseData = checked;
    this.caseDraft = { ...checked };
  }

  private composing = false;
  private subjectDraft = '';
  private caseDraft: Record<string, string> = {};
  private subjectInvalid = false;
  private formError = '';
  private chatError = '';
  private confirming = false;
  private busy = false;
  /** The subject of a chat asked for whose session has not arrived yet. */
  private starting?: string;
  /** The chat the widget is about; remembered after the engine stops sending it (the contact left). */
  private shown?: ShownChat;

  private readonly interactions = this.select(selectInteractions, NO_INTERACTIONS);
  private readonly connection = this.select(selectConnection, { status: 'idle' });
  private readonly config = this.select(selectConfig, undefined);

  private readonly uid = `contact-chat-${++widgetCount}`;
  /** Sessions seen so far: a session not seen before is a newer chat to follow. */
  private readonly seen = new Set<string>();
  /** Chats this contact ended here: the engine removes them from the contact's view. */
  private readonly left = new Set<string>();
  private focusTarget?: 'subject' | 'confirm-no' | 'end' | 'new-chat' | 'composer';
  private lastMode?: Mode;

  /**
   * Loads the transcript and composer: when a chat is shown, and as soon as the contact
   * turns to the start form (a pointer over it, or focus in it), so they are there when the
   * chat starts; a page whose visitor never chats does not load them. A failed load is tried
   * again the next time.
   */
  private chatViewLoaded(): Promise<void> {
    // A prefixed widget's parts were registered under its prefix by defineContactChat.
    if (tagPrefix(this)) return Promise.resolve();
    return loadChatView().catch(() => undefined);
  }

  /** Once rendered, the transcript and composer shown are registered and have rendered too. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const complete = await super.getUpdateComplete();
    const children = [...this.renderRoot.querySelectorAll<HTMLElement>('[part=transcript], [part=composer]')];
    if (children.length === 0) return complete;
    await this.chatViewLoaded();
    await Promise.all(children.map((child) => (child as HTMLElement & { updateComplete?: Promise<unknown> }).updateComplete));
    return complete;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const newest = this.interactions.value[0];
    if (newest && !this.seen.has(newest.session.id)) {
      for (const vm of this.interactions.value) this.seen.add(vm.session.id);
      this.shown = { id: newest.session.id, subject: newest.session.subject };
      // The chat asked for has arrived (or another window of this contact started one).
      this.starting = undefined;
      this.composing = false;
      this.confirming = false;
    }
    const mode = this.mode();
    if (this.confirming && mode !== 'waiting' && mode !== 'connected') this.confirming = false;
    // The chat ended under the contact's hands (the composer or End Chat goes away): keep focus in the widget.
    if (mode === 'ended' && (this.lastMode === 'waiting' || this.lastMode === 'connected') && this.matches(':focus-within')) {
      this.focusTarget = 'new-chat';
    }
    this.lastMode = mode;
    if (mode !== 'form') void this.chatViewLoaded();
  }

  protected override updated(): void {
    const target = this.focusTarget;
    if (!target) return;
    const el = this.renderRoot.querySelector<HTMLElement & { updateComplete?: Promise<unknown> }>(`[data-focus="${target}"]`);
    if (!el) return;
    this.focusTarget = undefined;
    // An inner element (the composer) renders its own field after this update, and may still be loading.
    if (el.matches(':defined')) {
      if (el.updateComplete) void el.updateComplete.then(() => el.focus());
      else el.focus();
    } else {
      void customElements.whenDefined(el.localName).then(() => el.updateComplete).then(() => el.focus());
    }
  }

  /** The interaction the widget is about (kept, ended, after she leaves it: the store keeps a contact's last chat). */
  private get vm(): InteractionVM | undefined {
    const id = this.shown?.id;
    if (!id) return undefined;
    return this.interactions.value.find((vm) => vm.session.id === id);
  }

  private mode(): Mode {
    if (this.composing) return 'form';
    if (this.starting !== undefined) return 'starting';
    if (!this.shown) return 'form';
    const vm = this.vm;
    if (!vm || this.left.has(vm.session.id) || vm.session.state === 'ended' || vm.me?.state !== 'connected') return 'ended';
    return vm.session.state === 'waiting' ? 'waiting' : 'connected';
  }

  private get maxFieldLength(): number {
    return this.config.value?.maxFieldLength ?? DEFAULT_MAX_FIELD_LENGTH;
  }

  // ---------------------------------------------------------------------------
  // Commands

  private async onSubmit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    const subject = this.subjectDraft.trim();
    if (!subject) {
      this.subjectInvalid = true;
      this.formError = msg('Enter a subject to start a chat.');
      this.focusTarget = 'subject';
      return;
    }
    const store = this.activeStore;
    if (!store) {
      this.formError = msg('The chat is not available right now. Try again later.');
      return;
    }
    const caseData: Record<string, string> = {};
    for (const [key, value] of Object.entries(this.caseDraft)) if (value.trim()) caseData[key] = value.trim();
    const command: Command = { type: 'start-chat', subject };
    if (Object.keys(caseData).length > 0) command.caseData = caseData;
    this.busy = true;
    const result = await store.dispatch(command);
    this.busy = false;
    if (!result.ok) {
      this.formError = result.error.message;
      if (result.error.field === 'subject') {
        this.subjectInvalid = true;
        this.focusTarget = 'subject';
      }
      return;
    }
    this.formError = '';
    this.subjectInvalid = false;
    this.subjectDraft = '';
    this.caseDraft = { ...this._caseData };
    this.chatError = '';
    this.left.clear();
    // The session arrives as an event; until then the widget shows the wait.
    if (!(result.value?.sessionId && this.seen.has(result.value.sessionId))) this.starting = subject;
    this.composing = false;
    // The contact writes next: the composer takes the focus once the session is there.
    this.focusTarget = 'composer';
  }

  private askEnd(): void {
    this.chatError = '';
    this.confirming = true;
    // Ending cannot be undone: the safe answer gets the focus.
    this.focusTarget = 'confirm-no';
  }

  private cancelEnd(): void {
    this.confirming = false;
    this.focusTarget = 'end';
  }

  private onConfirmKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    this.cancelEnd();
  }

  private async confirmEnd(): Promise<void> {
    const vm = this.vm;
    const store = this.activeStore;
    if (!vm || !store || this.busy) return;
    this.busy = true;
    const result = await store.dispatch({ type: 'leave', sessionId: vm.session.id });
    this.busy = false;
    this.confirming = false;
    if (!result.ok) {
      this.chatError = result.error.message;
      this.focusTarget = 'end';
      return;
    }
    this.left.add(vm.session.id);
    this.focusTarget = 'new-chat';
  }

  private startNew(): void {
    this.composing = true;
    this.formError = '';
    this.chatError = '';
    this.subjectInvalid = false;
    this.focusTarget = 'subject';
  }

  // ---------------------------------------------------------------------------
  // Rendering

  protected override render(): TemplateResult {
    const mode = this.mode();
    return html`${this.renderConnection()} ${mode === 'form' ? this.renderForm() : this.renderChat(mode)}`;
  }

  private renderConnection(): TemplateResult {
    const { status, reason } = this.connection.value;
    const reconnecting = status === 'reconnecting';
    const failed = status === 'failed';
    return html`<div class="connection ${reconnecting || failed ? 'shown' : ''} ${failed ? 'failed' : ''}" part="connection">
      <p role="status">${reconnecting ? msg('Reconnecting…') : nothing}</p>
      <p role="alert">
        ${failed ? (reason ? msg(str`The connection failed: ${reason}`) : msg('The connection failed.')) : nothing}
      </p>
    </div>`;
  }

  private renderForm(): TemplateResult {
    const id = this.uid;
    const max = this.maxFieldLength;
    const keys = Object.keys(this.caseDraft);
    const describedBy = this.formError ? `${id}-error` : undefined;
    return html`<form
      class="start"
      part="start-form"
      novalidate
      aria-labelledby="${id}-form-title"
      @submit=${this.onSubmit}
      @focusin=${this.chatViewLoaded}
      @pointerenter=${this.chatViewLoaded}
    >
      <h2 id="${id}-form-title">${msg('Chat with us')}</h2>
      <p class="hint" id="${id}-hint">${msg('Tell us what you need help with and an agent will join you.')}</p>
      <div class="field">
        <label for="${id}-subject">${msg('Subject')}</label>
        <input
          id="${id}-subject"
          part="subject-input"
          data-focus="subject"
          name="subject"
          type="text"
          autocomplete="off"
          required
          maxlength=${max}
          aria-invalid=${this.subjectInvalid ? 'true' : 'false'}
          aria-describedby=${ifDefined(describedBy ?? `${id}-hint`)}
          .value=${this.subjectDraft}
          @input=${(e: Event) => {
            this.subjectDraft = (e.target as HTMLInputElement).value;
            if (this.subjectInvalid && this.subjectDraft.trim()) {
              this.subjectInvalid = false;
              this.formError = '';
            }
          }}
        />
      </div>
      ${keys.length > 0
        ? html`<fieldset class="case">
            <legend>${msg('Case information (optional)')}</legend>
            ${repeat(
              keys,
              (key) => key,
              (key, i) =>
                html`<div class="field" part="case-field">
                  <label for="${id}-case-${i}">${key}</label>
                  <input
                    id="${id}-case-${i}"
                    type="text"
                    autocomplete="off"
                    maxlength=${max}
                    .value=${this.caseDraft[key] ?? ''}
                    @input=${(e: Event) => {
                      this.caseDraft = { ...this.caseDraft, [key]: (e.target as HTMLInputElement).value };
                    }}
                  />
                </div>`,
            )}
          </fieldset>`
        : nothing}
      <p class="error" part="error" id="${id}-error" role="alert">${this.formError}</p>
      <div class="actions">
        <button class="primary" part="start-button" type="submit" aria-disabled=${this.busy ? 'true' : 'false'}>${msg('Start Chat')}</button>
      </div>
    </form>`;
  }

  private statusText(mode: Mode, vm: InteractionVM | undefined): string {
    if (mode === 'starting' || mode === 'waiting') return msg('Waiting for an agent…');
    if (mode === 'ended') return msg('Chat ended');
    const agents = (vm?.parties ?? []).filter((p) => p.role === 'agent' && p.state === 'connected').map((p) => p.name);
    if (agents.length === 0) return msg('Connected');
    const names = new Intl.ListFormat(getLocale(), { type: 'conjunction' }).format(agents);
    return msg(str`Chatting with ${names}`);
  }

  private renderChat(mode: Exclude<Mode, 'form'>): TemplateResult {
    const id = this.uid;
    const vm = this.vm;
    const subject = mode === 'starting' ? (this.starting ?? '') : (this.shown?.subject ?? '');
    const live = mode === 'waiting' || mode === 'connected';
    return html`<section class="chat ${mode}" aria-labelledby="${id}-title">
      <header part="header">
        <div class="title">
          <h2 id="${id}-title" part="subject">${subject}</h2>
          <p class="status" part="status" role="status">${this.statusText(mode, vm)}</p>
        </div>
        ${live && !this.confirming
          ? html`<button class="end" part="end-button" data-focus="end" type="button" @click=${this.askEnd}>${msg('End Chat')}</button>`
          : nothing}
        ${mode === 'ended'
          ? html`<button class="primary" part="new-chat-button" data-focus="new-chat" type="button" @click=${this.startNew}>
              ${msg('Start a new chat')}
            </button>`
          : nothing}
      </header>
      ${live && this.confirming
        ? html`<div class="confirm" part="confirm" role="group" aria-labelledby="${id}-confirm" @keydown=${this.onConfirmKeydown}>
            <span id="${id}-confirm">${msg('End this chat?')}</span>
            <button class="danger" part="confirm-yes" type="button" aria-disabled=${this.busy ? 'true' : 'false'} @click=${this.confirmEnd}>
              ${msg('Yes')}
            </button>
            <button part="confirm-no" data-focus="confirm-no" type="button" @click=${this.cancelEnd}>${msg('No')}</button>
          </div>`
        : nothing}
      <p class="error" part="error" role="alert">${this.chatError}</p>
      ${mode === 'ended' && this.shown && this.left.has(this.shown.id)
        ? html`<p class="note">${msg('You ended this chat. Thank you for contacting us.')}</p>`
        : nothing}
      ${vm
        ? prefixed(this, html`<chat-transcript
            part="transcript"
            session-id=${vm.session.id}
            label=${msg('Chat transcript')}

          ></chat-transcript>`)
        : nothing}
      ${vm && live
        ? prefixed(this, html`<chat-composer part="composer" data-focus="composer" session-id=${vm.session.id}></chat-composer>`)
        : nothing}
    </section>`;
  }
}
