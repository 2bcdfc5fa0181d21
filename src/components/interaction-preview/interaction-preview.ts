import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { InvitationView } from '../../engine/types.js';
import { agentSelectorsFor } from '../../store/selectors.js';
import type { PreviewVM } from '../../store/types.js';
import { StoreElement } from '../shared/store-element.js';
import { workspaceEvent } from '../shared/events.js';
import { invitationKindLabel } from '../shared/labels.js';
import { clampLevel, headingLevel } from '../shared/heading.js';
import { handOffFocus } from '../shared/focus-handoff.js';
import { ClockController } from '../shared/clock-controller.js';
import { canRefocus, deepActiveElement } from './focus.js';
import { formatSeconds, secondsLeft, WARN_AT_SECONDS } from './time-left.js';
import { styles } from './interaction-preview.styles.js';

let nextId = 0;
const NO_PREVIEW: PreviewVM = { waitingBehind: 0 };

/** Previews in the page, so one document listener serves the focus shortcut for all. */
const livePreviews = new Set<InteractionPreview>();

/** The first request on the page (document order) whose preview answers to the shortcut takes focus. */
function onShortcut(event: KeyboardEvent): void {
  if (event.defaultPrevented) return;
  const candidates = [...livePreviews].filter((p) => p.matchesShortcut(event));
  if (candidates.length === 0) return;
  candidates.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  event.preventDefault();
  candidates[0]!.focusRequest();
}

/**
 * Whether `event` is the combination `spec` ("Alt+Shift+R"); without an event, whether
 * `spec` is a usable combination at all (`none` or empty is not).
 */
export function shortcutMatches(spec: string, event?: KeyboardEvent): boolean {
  const parts = spec.split('+').map((p) => p.trim()).filter(Boolean);
  const key = parts.pop();
  if (!key || spec.trim().toLowerCase() === 'none') return false;
  const mods = new Set(parts.map((p) => p.toLowerCase()));
  if (!event) return true;
  const sameKey = event.key.toLowerCase() === key.toLowerCase() || event.code.toLowerCase() === `key${key.toLowerCase()}`;
  return (
    sameKey &&
    event.altKey === mods.has('alt') &&
    event.shiftKey === mods.has('shift') &&
    event.ctrlKey === (mods.has('control') || mods.has('ctrl')) &&
    event.metaKey === mods.has('meta')
  );
}

type Answer = 'accept' | 'reject';

/**
 * The Interaction Preview: an incoming request (new chat, conference, consultation or
 * transfer) with who asks, the case information, Accept and Reject, and the time left
 * before it times out.
 *
 * Reaching it: every request is a landmark (a region, or a dialog with `take-focus`) named
 * by its title, and `focus-shortcut` (default Alt+Shift+R) moves focus to the first one
 * from anywhere on the page.
 *
 * Screen readers: without `take-focus` the preview is a region named by its title and a
 * new request is announced politely ("title: content"); focus never moves, so an agent
 * typing elsewhere keeps typing. With `take-focus` it is a non-modal dialog that receives
 * focus when a request arrives, so its title is read, its content is the dialog's
 * description and Tab reaches Accept; when the request goes away focus returns to where
 * it was. Ten seconds before the time-out, and when a request is withdrawn, a polite
 * announcement is made.
 *
 * @tag interaction-preview
 * @fires invitation-answer - The user accepted or rejected a request and the engine agreed: `{ invitation, answer }`.
 * @csspart preview - The dialog or region of one request.
 * @csspart header - The title bar.
 * @csspart title - The title ("Avril Mai - Chat conference request").
 * @csspart from - Who asks.
 * @csspart case - The Case Information section.
 * @csspart time-left - The countdown.
 * @csspart actions - The row of buttons.
 * @csspart accept - The Accept button.
 * @csspart reject - The Reject button.
 * @csspart error - Why an answer was refused.
 * @cssprop --wc-preview-width - Largest width of the preview (default 360px).
 * @cssprop --wc-accent - Title bar background.
 * @cssprop --wc-success - Accept button background.
 */
@localized()
export class InteractionPreview extends StoreElement {
  static override styles = styles;

  /** The invitation to show; without it, the oldest request ringing for this user. */
  @property({ attribute: 'invitation-id' }) invitationId = '';

  /** Move focus to the preview when a request arrives (the host's accessibility setting). */
  @property({ type: Boolean, attribute: 'take-focus' }) takeFocus = false;

  /**
   * A key combination that moves focus to the first pending request on the page, from
   * anywhere (default `Alt+Shift+R`; `none` turns it off). Written as in
   * `aria-keyshortcuts`: modifiers then the key, joined by `+`.
   */
  @property({ attribute: 'focus-shortcut' }) focusShortcut = 'Alt+Shift+R';

  /** The level of the request's title (1–6, default 2); Case Information is one below. */
  @property({ attribute: 'heading-level' }) headingLevel: number | string = 2;

  /** The clock the countdown reads (defaults to `Date.now`); the countdown redraws every second. */
  @property({ attribute: false }) now: () => number = Date.now;

  @state() private error = '';
  @state() private busy: Answer | undefined;

  @query('.preview') private container?: HTMLElement;
  @query('.announcer') private announcer?: HTMLElement;

  // Only this request: typing, presence and other chats never re-render the preview.
  private readonly preview = this.selectKeyed(() => [this.invitationId] as const, (s, id) => agentSelectorsFor(s).selectPreview(id), NO_PREVIEW);
  private readonly baseId = `interaction-preview-${++nextId}`;

  /** The request shown by the last render. */
  private shown?: InvitationView;
  /** Requests this preview answered, so their disappearance is not reported as a withdrawal. */
  private readonly answered = new Set<string>();
  private readonly warned = new Set<string>();
  private announcements: string[] = [];
  private alternate = false;
  private announcerReady = false;
  private hasRenderedOnce = false;
  private focusAfterUpdate: 'preview' | 'return' | undefined;
  private returnFocusTo?: HTMLElement;
  /** The countdown redraws every second while a request with a deadline is shown. */
  protected readonly clock = new ClockController(this, () => this.shown?.expiresAt !== undefined);
  /** Focus went to the accepted request's window: do not also return it to where it was. */
  private handedOff = false;

  /** The request to show now, from the store. */
  private get current(): InvitationView | undefined {
    return this.preview.value.invitation;
  }

  private get waitingBehind(): number {
    return this.preview.value.waitingBehind;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    livePreviews.add(this);
    if (livePreviews.size === 1) document.addEventListener('keydown', onShortcut);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    livePreviews.delete(this);
    if (livePreviews.size === 0) document.removeEventListener('keydown', onShortcut);
  }

  /** Whether this preview shows a request and answers to `event` as its shortcut. */
  matchesShortcut(event: KeyboardEvent): boolean {
    return this.shown !== undefined && shortcutMatches(this.focusShortcut, event);
  }

  /** Moves focus to the request (its region or dialog), so Tab reaches Accept next. */
  focusRequest(): void {
    this.container?.focus();
  }

  private titleOf(invitation: InvitationView): string {
    // Titled after the customer, as the seed's preview is ("Avril Mai - …"); who asks
    // when a transport does not say who the customer is.
    const name = (invitation.id === this.preview.value.invitation?.id ? this.preview.value.contactName : invitation.contact?.name) ?? invitation.from.name;
    const kind = invitationKindLabel(invitation.kind);
    return msg(str`${name} - ${kind}`);
  }

  private summaryOf(invitation: InvitationView): string {
    const from = invitation.from.name;
    const origin = invitation.origin;
    const parts = [msg(str`From: ${from}.`), msg(str`Origin: ${origin}.`)];
    if (invitation.subject) parts.push(`${invitation.subject}.`);
    return parts.join(' ');
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const previous = this.shown;
    const current = this.current;
    if (previous?.id === current?.id) {
      this.shown = current;
    } else {
      const focusInside = this.shadowRoot?.activeElement != null;
      if (previous) {
        if (!this.answered.has(previous.id)) this.announcements.push(msg('Request withdrawn'));
        this.answered.delete(previous.id);
        this.warned.delete(previous.id);
        this.busy = undefined;
      }
      this.shown = current;
      if (current) {
        this.error = '';
        if (this.takeFocus) {
          if (!focusInside) this.returnFocusTo = deepActiveElement();
          this.focusAfterUpdate = 'preview';
        } else {
          this.announcements.push(`${this.titleOf(current)}: ${this.summaryOf(current)}`);
          // The user was working in the preview: stay with it for the next request.
          if (focusInside) this.focusAfterUpdate = 'preview';
        }
      } else if (focusInside && !this.handedOff) {
        this.focusAfterUpdate = 'return';
      }
      this.handedOff = false;
    }
    if (current?.expiresAt !== undefined && !this.warned.has(current.id)) {
      const left = secondsLeft(current.expiresAt, this.now());
      if (left > 0 && left <= WARN_AT_SECONDS) {
        this.warned.add(current.id);
        this.announcements.push(msg(str`${left} seconds left to answer.`));
      }
    }
  }

  override render() {
    const invitation = this.shown;
    return html`
      <div class="announcer visually-hidden" role="status" aria-live="polite" aria-atomic="true"></div>
      ${invitation ? this.renderInvitation(invitation) : nothing}
      ${this.error ? html`<p class="error" part="error" role="alert">${this.error}</p>` : nothing}
    `;
  }

  private renderInvitation(invitation: InvitationView) {
    const titleId = `${this.baseId}-title`;
    const contentId = `${this.baseId}-content`;
    const left = invitation.expiresAt === undefined ? undefined : secondsLeft(invitation.expiresAt, this.now());
    const caseData = Object.entries(invitation.caseData);
    const from = invitation.from.name;
    const origin = invitation.origin;
    const more = this.waitingBehind;
    const timeText = left === undefined ? '' : formatSeconds(left);
    const level = headingLevel(this.headingLevel);
    const sub = clampLevel(level + 1);
    return html`
      <div
        class="preview"
        part="preview"
        role=${this.takeFocus ? 'dialog' : 'region'}
        aria-labelledby=${titleId}
        aria-describedby=${this.takeFocus ? contentId : nothing}
        tabindex="-1"
        aria-keyshortcuts=${shortcutMatches(this.focusShortcut) ? this.focusShortcut : nothing}
        data-kind=${invitation.kind}
      >
        <div class="header" part="header">
          <svg viewBox="0 0 16 16" aria-hidden="true"><path d="M2 2h12v9H6l-3.5 3V11H2z" /></svg>
          <div role="heading" aria-level=${level} id=${titleId} class="title" part="title">${this.titleOf(invitation)}</div>
        </div>
        <div class="content" id=${contentId}>
          <p class="from" part="from">${msg(str`From: ${from}`)}</p>
          <section part="case" aria-labelledby=${`${this.baseId}-case`}>
            <div role="heading" aria-level=${sub} id=${`${this.baseId}-case`} class="case-heading">${msg('Case Information')}</div>
            <p class="origin">${msg(str`Origin: ${origin}`)}</p>
            ${invitation.subject ? html`<p class="subject">${invitation.subject}</p>` : nothing}
            ${caseData.length > 0
              ? html`<dl>
                  ${caseData.map(([key, value]) => html`<dt>${key}</dt><dd>${value}</dd>`)}
                </dl>`
              : nothing}
          </section>
          ${left === undefined
            ? nothing
            : html`<p class="time-left ${left <= WARN_AT_SECONDS ? 'urgent' : ''}" part="time-left">${msg(str`Time left: ${timeText}`)}</p>`}
          ${more > 0 ? html`<p class="more">${msg(str`${more} more waiting`)}</p>` : nothing}
        </div>
        <div class="actions" part="actions">
          <button
            type="button"
            class="accept"
            part="accept"
            aria-disabled=${this.busy ? 'true' : 'false'}
            @click=${() => this.answer('accept')}
          >
            ${msg('Accept')}
          </button>
          <button
            type="button"
            class="reject"
            part="reject"
            aria-disabled=${this.busy ? 'true' : 'false'}
            @click=${() => this.answer('reject')}
          >
            ${msg('Reject')}
          </button>
        </div>
      </div>
    `;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.focusAfterUpdate === 'preview' && this.container) {
      this.container.focus();
    } else if (this.focusAfterUpdate === 'return') {
      const target = this.returnFocusTo;
      if (canRefocus(target)) target.focus();
      this.returnFocusTo = undefined;
    }
    this.focusAfterUpdate = undefined;
    this.flushAnnouncements();
    if (!this.hasRenderedOnce) {
      this.hasRenderedOnce = true;
      if (this.announcements.length === 0) this.announcerReady = true;
    }
  }

  private flushAnnouncements(): void {
    if (this.announcements.length === 0 || !this.announcer) return;
    if (!this.announcerReady) {
      // A live region filled in the same moment it is created is often not read; on the
      // first render give assistive technology a moment to register it first.
      setTimeout(() => {
        this.announcerReady = true;
        this.flushAnnouncements();
      }, 250);
      return;
    }
    // A trailing no-break space that alternates makes a repeated sentence a change the screen reader announces again.
    this.alternate = !this.alternate;
    this.announcer.textContent = this.announcements.join(' ') + (this.alternate ? '\u00a0' : '');
    this.announcements = [];
  }

  private async answer(answer: Answer): Promise<void> {
    const invitation = this.shown;
    const store = this.activeStore;
    if (!invitation || this.busy) return;
    if (!store) {
      this.error = msg('Not connected to the workspace.');
      return;
    }
    this.busy = answer;
    this.error = '';
    // Marked before sending: the store may drop the request before the answer arrives.
    this.answered.add(invitation.id);
    const result = await store.dispatch({ type: answer === 'accept' ? 'accept-invitation' : 'reject-invitation', invitationId: invitation.id });
    if (this.shown?.id === invitation.id) this.busy = undefined;
    if (result.ok) {
      // Accepted by keyboard or pointer from inside the preview: focus goes on to the new
      // window (its composer) rather than falling to <body> when the preview goes away.
      const focusInside = this.shadowRoot?.activeElement != null || deepActiveElement() === undefined;
      // Until that window shows, focus returns to where it was (with take-focus).
      if (answer === 'accept' && focusInside) this.handedOff = handOffFocus(store, invitation.sessionId);
      this.dispatchEvent(workspaceEvent('invitation-answer', { invitation, answer }));
      return;
    }
    this.answered.delete(invitation.id);
    const reason = result.error.message;
    this.error = answer === 'accept' ? msg(str`The request could not be accepted: ${reason}`) : msg(str`The request could not be rejected: ${reason}`);
  }
}
