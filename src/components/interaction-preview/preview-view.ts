import type { TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { InvitationView } from '../../engine/types.js';
import type { PreviewVM, WorkspaceStore } from '../../store/types.js';
import type { InteractionPreview } from './interaction-preview.js';
import { canRefocus, deepActiveElement } from './focus.js';
import { formatSeconds, secondsLeft, WARN_AT_SECONDS } from './time-left.js';
import type { PreviewKit } from './view-kit.js';
import { previewViewStyles } from './preview-view.styles.js';

// What `<interaction-preview>` shows of a request and how it answers, announces and moves
// focus, loaded by the element when it first has a request to show: an agent's page shows
// one now and then, never at first paint.

// What the view takes from the page (see shared/view-kit.ts for why it is not imported):
// set from the kit before the first view is made.
let kit: PreviewKit;
let viewStyles: ReturnType<typeof previewViewStyles>;

let nextId = 0;

type Answer = 'accept' | 'reject';

/** What the view needs of its element beyond its public properties. */
export interface PreviewAccess {
  /** This element's request, as the store has it now. */
  preview(): PreviewVM;
  store(): WorkspaceStore | undefined;
  /** The element's live region was rendered in the same update as the first request (not before it). */
  regionIsNew: boolean;
}

/** Makes the view of `host`, taking what it needs of the page from `pageKit` (the first time). */
export function createPreviewView(host: InteractionPreview, access: PreviewAccess, pageKit: PreviewKit): PreviewView {
  if (!kit) {
    kit = pageKit;
    viewStyles = previewViewStyles(kit.css);
    kit.renderOnChange(PreviewView.prototype, ['error', 'busy']);
  }
  return new PreviewView(host, access);
}

/** The request, its answers, announcements and focus, as a controller of its element. */
class PreviewView {
  // These two re-render the element when they change (see createPreviewView).
  private error = '';
  private busy: Answer | undefined;
  /** The request shown by the last render. */
  shown?: InvitationView;
  /** Requests this preview answered, so their disappearance is not reported as a withdrawal. */
  private readonly answered = new Set<string>();
  private readonly warned = new Set<string>();
  private announcements: string[] = [];
  private alternate = false;
  private announcerReady = false;
  private hasRenderedOnce = false;
  private focusAfterUpdate: 'preview' | 'return' | undefined;
  private returnFocusTo?: HTMLElement;
  /** Focus went to the accepted request's window: do not also return it to where it was. */
  private handedOff = false;
  private readonly baseId = `interaction-preview-${++nextId}`;

  constructor(
    private readonly host: InteractionPreview,
    private readonly access: PreviewAccess,
  ) {
    // A live region that was there before the request: it is read at once.
    if (!access.regionIsNew) this.hasRenderedOnce = this.announcerReady = true;
    host.addController(this);
    kit.addStyles(host, viewStyles);
  }

  private get container(): HTMLElement | null {
    return this.host.renderRoot.querySelector<HTMLElement>('.preview');
  }

  private get announcer(): HTMLElement | null {
    return this.host.renderRoot.querySelector<HTMLElement>('.announcer');
  }

  /** The request to show now, from the store. */
  private get current(): InvitationView | undefined {
    return this.access.preview().invitation;
  }

  private get waitingBehind(): number {
    return this.access.preview().waitingBehind;
  }

  /** Moves focus to the request (its region or dialog), so Tab reaches Accept next. */
  focusRequest(): void {
    this.container?.focus();
  }

  private titleOf(invitation: InvitationView): string {
    // Titled after the customer, as the seed's preview is ("Avril Mai - …"); who asks
    // when a transport does not say who the customer is.
    const name = (invitation.id === this.access.preview().invitation?.id ? this.access.preview().contactName : invitation.contact?.name) ?? invitation.from.name;
    const kind = kit.invitationKindLabel(invitation.kind);
    return msg(str`${name} - ${kind}`);
  }

  private summaryOf(invitation: InvitationView): string {
    const from = invitation.from.name;
    const origin = invitation.origin;
    const parts = [msg(str`From: ${from}.`), msg(str`Origin: ${origin}.`)];
    if (invitation.subject) parts.push(`${invitation.subject}.`);
    return parts.join(' ');
  }

  // The element's willUpdate has run; its selection is current.
  hostUpdate(): void {
    const previous = this.shown;
    const current = this.current;
    if (previous?.id === current?.id) {
      this.shown = current;
    } else {
      const focusInside = this.host.shadowRoot?.activeElement != null;
      if (previous) {
        if (!this.answered.has(previous.id)) this.announcements.push(msg('Request withdrawn'));
        this.answered.delete(previous.id);
        this.warned.delete(previous.id);
        this.busy = undefined;
      }
      this.shown = current;
      if (current) {
        this.error = '';
        if (this.host.takeFocus) {
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
      const left = secondsLeft(current.expiresAt, this.host.now());
      if (left > 0 && left <= WARN_AT_SECONDS) {
        this.warned.add(current.id);
        this.announcements.push(msg(str`${left} seconds left to answer.`));
      }
    }
  }

  render(): TemplateResult {
    const { html, nothing } = kit;
    const invitation = this.shown;
    return html`
      ${invitation ? this.renderInvitation(invitation) : nothing}
      ${this.error ? html`<p class="error" part="error" role="alert">${this.error}</p>` : nothing}
    `;
  }

  private renderInvitation(invitation: InvitationView): TemplateResult {
    const { html, nothing } = kit;
    const titleId = `${this.baseId}-title`;
    const contentId = `${this.baseId}-content`;
    const left = invitation.expiresAt === undefined ? undefined : secondsLeft(invitation.expiresAt, this.host.now());
    const caseData = Object.entries(invitation.caseData);
    const from = invitation.from.name;
    const origin = invitation.origin;
    const more = this.waitingBehind;
    const timeText = left === undefined ? '' : formatSeconds(left);
    const level = kit.headingLevel(this.host.headingLevel);
    const sub = kit.clampLevel(level + 1);
    return html`
      <div
        class="preview"
        part="preview"
        role=${this.host.takeFocus ? 'dialog' : 'region'}
        aria-labelledby=${titleId}
        aria-describedby=${this.host.takeFocus ? contentId : nothing}
        tabindex="-1"
        aria-keyshortcuts=${kit.shortcutMatches(this.host.focusShortcut) ? this.host.focusShortcut : nothing}
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

  hostUpdated(): void {
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
    const store = this.access.store();
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
      const focusInside = this.host.shadowRoot?.activeElement != null || deepActiveElement() === undefined;
      // Until that window shows, focus returns to where it was (with take-focus).
      if (answer === 'accept' && focusInside) this.handedOff = kit.handOffFocus(store, invitation.sessionId);
      this.host.dispatchEvent(kit.workspaceEvent('invitation-answer', { invitation, answer }));
      return;
    }
    this.answered.delete(invitation.id);
    const reason = result.error.message;
    this.error = answer === 'accept' ? msg(str`The request could not be accepted: ${reason}`) : msg(str`The request could not be rejected: ${reason}`);
  }
}

export type { PreviewView };
