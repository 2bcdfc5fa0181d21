import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { localized, msg, str } from '@lit/localize';
import { selectConfig } from '../../store/selectors.js';
import { StoreElement } from '../shared/store-element.js';
import { styles } from './chat-composer.styles.js';
import { TypingNotifier, browserScheduler, type TimerScheduler } from './typing-notifier.js';

/** The limit when the store has no configuration yet (the engine's default). */
const FALLBACK_MAX_LENGTH = 4000;
/** The character counter shows from this share of the limit on. */
const COUNTER_FROM = 0.9;

/**
 * The message box of a chat session: a labelled text area ("Message") and "Send".
 * Enter sends, Shift+Enter starts a new line; Enter while an input method is composing
 * does nothing. Empty or blank text is not sent. Text over the configured
 * `maxMessageLength` shows "4001 / 4000" and an error, is marked `aria-invalid`, and is
 * not sent. Sending dispatches `{type: 'send-message', sessionId, text, visibility}` to
 * the store (which shows it at once as a pending message), empties the box and keeps
 * focus in it. Typing is told to the others: `set-typing` true on the first input, false
 * after `typing-idle-ms` (3 s) without input, on send, on blur or when the box is emptied.
 * Never while "Agents only" is checked (checking it mid-word stops the indicator).
 *
 * API
 * - attribute `session-id` / property `sessionId`: the session messages go to.
 * - boolean attribute `disabled`: nothing can be typed or sent (e.g. the session ended).
 * - boolean attribute `allow-internal` / property `allowInternal`: shows the "Agents only" checkbox (visibility `agents`).
 * - attribute `label`: the text area's accessible name (default "Message").
 * - attribute `typing-idle-ms` / property `typingIdleMs`: idle time before typing stops (default 3000).
 * - property `scheduler`: `{setTimeout, clearTimeout}` the typing timer runs on (tests pass a fake).
 * - property `value`: the draft text (settable, e.g. to restore a draft).
 * - property `store`: the workspace store (else the nearest `workspaceStoreContext` provider).
 * - attribute `theme`: `dark` or `auto` (else light, or `data-theme="dark"` on an ancestor).
 * - method `focus()`: focuses the text area (the element also delegates focus to it).
 * - method `send()`: sends the draft as Enter would; returns whether it was sent.
 * Dispatches commands to the store only; it fires no DOM events of its own.
 *
 * @tag chat-composer
 * @csspart input - the text area
 * @csspart send-button - "Send"
 * @csspart internal-toggle - the "Agents only" checkbox with its label
 * @csspart counter - "4001 / 4000"
 * @csspart error - why the text cannot be sent
 * @cssprop --wc-internal-bubble - background of the text area while "Agents only" is on
 */
@localized()
export class ChatComposer extends StoreElement {
  static override styles = styles;
  static override shadowRootOptions: ShadowRootInit = { ...StoreElement.shadowRootOptions, delegatesFocus: true };

  @property({ attribute: 'session-id' }) sessionId = '';
  @property({ type: Boolean, reflect: true }) disabled = false;
  @property({ type: Boolean, attribute: 'allow-internal' }) allowInternal = false;
  /** Accessible name of the text area; "Message" when unset. */
  @property() label?: string;
  @property({ type: Number, attribute: 'typing-idle-ms' }) typingIdleMs = 3000;
  @property({ attribute: false }) scheduler: TimerScheduler = browserScheduler;
  /** The draft. */
  @property({ attribute: false }) value = '';

  /** "Agents only" is checked. */
  @state() private internal = false;

  @query('textarea') private input?: HTMLTextAreaElement;

  private readonly config = this.select(selectConfig, undefined);
  private readonly typing = new TypingNotifier((sessionId, typing) => {
    void this.activeStore?.dispatch({ type: 'set-typing', sessionId, typing });
  });

  private get maxLength(): number {
    return this.config.value?.maxMessageLength ?? FALLBACK_MAX_LENGTH;
  }

  private get tooLong(): boolean {
    return this.value.length > this.maxLength;
  }

  private get sendable(): boolean {
    return !this.disabled && !this.tooLong && this.value.trim() !== '' && this.sessionId !== '';
  }

  override focus(options?: FocusOptions): void {
    this.input?.focus(options);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.typing.stop();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.typing.scheduler = this.scheduler;
    this.typing.idleMs = this.typingIdleMs;
    if ((changed.has('sessionId') && changed.get('sessionId') !== undefined) || (changed.has('disabled') && this.disabled)) this.typing.stop();
    if (changed.has('allowInternal') && !this.allowInternal) this.internal = false;
  }

  /** Sends the draft if it can be sent; answers whether it was. */
  send(): boolean {
    if (!this.sendable) {
      if (this.tooLong) this.input?.focus();
      return false;
    }
    const store = this.activeStore;
    if (!store) return false;
    this.typing.stop();
    void store.dispatch({ type: 'send-message', sessionId: this.sessionId, text: this.value.trim(), visibility: this.internal ? 'agents' : 'all' });
    this.value = '';
    this.input?.focus();
    return true;
  }

  private onInput(event: Event): void {
    this.value = (event.target as HTMLTextAreaElement).value;
    // An agents-only note is never announced: `set-typing` has no visibility, and the contact
    // must not read "Kate Lewis is typing…" for a message she will never get.
    if (this.internal) this.typing.stop();
    else if (this.sessionId && !this.disabled) this.typing.input(this.sessionId, this.value.trim() === '');
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (event.key !== 'Enter' || event.shiftKey || event.altKey) return;
    // Enter that confirms an input method's candidate (Japanese, Chinese, …) is not a send.
    if (event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    this.send();
  }

  private onSendClick(): void {
    this.send();
    this.input?.focus();
  }

  private errorText(over: number): string {
    if (over <= 0) return '';
    return over === 1 ? msg('The message is 1 character too long to send.') : msg(str`The message is ${over} characters too long to send.`);
  }

  protected override render(): TemplateResult {
    const length = this.value.length;
    const max = this.maxLength;
    const showCounter = length >= Math.floor(max * COUNTER_FROM);
    const described = ['hint', showCounter ? 'counter' : '', this.tooLong ? 'error' : ''].filter(Boolean).join(' ');
    return html`
      <div class="box ${this.internal ? 'internal' : ''}">
        <label class="visually-hidden" for="input">${this.label || msg('Message')}</label>
        <textarea
          id="input"
          part="input"
          rows="2"
          dir="auto"
          .value=${live(this.value)}
          ?disabled=${this.disabled}
          placeholder=${this.internal ? msg('Message to agents only') : msg('Type a message')}
          aria-invalid=${this.tooLong ? 'true' : 'false'}
          aria-describedby=${described}
          @input=${this.onInput}
          @keydown=${this.onKeyDown}
          @blur=${() => this.typing.stop()}
        ></textarea>
        <button
          type="button"
          class="send"
          part="send-button"
          ?disabled=${this.disabled}
          aria-disabled=${this.sendable ? 'false' : 'true'}
          @click=${this.onSendClick}
        >
          ${msg('Send')}
        </button>
      </div>
      <div class="footer">
        ${this.allowInternal
          ? html`<label class="internal-toggle" part="internal-toggle">
              <input
                type="checkbox"
                .checked=${this.internal}
                ?disabled=${this.disabled}
                @change=${(e: Event) => {
                  this.internal = (e.target as HTMLInputElement).checked;
                  if (this.internal) this.typing.stop();
                }}
              />
              ${msg('Agents only')}
            </label>`
          : nothing}
        <span id="hint" class="visually-hidden">${msg('Enter sends, Shift+Enter starts a new line.')}</span>
        ${showCounter ? html`<span id="counter" class="counter ${this.tooLong ? 'over' : ''}" part="counter">${msg(str`${length} / ${max}`)}</span>` : nothing}
      </div>
      <p id="error" class="error" part="error" aria-live="polite">${this.errorText(length - max)}</p>
    `;
  }
}
