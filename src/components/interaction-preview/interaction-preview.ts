import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import { agentSelectorsFor } from '../../store/selectors.js';
import type { PreviewVM } from '../../store/types.js';
import { StoreElement } from '../shared/store-element.js';
import { ClockController } from '../shared/clock-controller.js';
import { onDemand } from '../shared/view-kit.js';
import { shortcutMatches } from './shortcut.js';
import type { PreviewView } from './preview-view.js';
import { previewKit } from './view-kit.js';
import { styles } from './interaction-preview.styles.js';

export { shortcutMatches };

const loadView = onDemand(() => import('./preview-view.js'));

/** Runs `task` when the page is idle (within a few seconds); Safari before 18 has no requestIdleCallback. */
function whenIdle(task: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(task, { timeout: 3000 });
  else setTimeout(task, 1000);
}

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
 * The element registers with its entry and renders its (empty) live region at once; what
 * it shows of a request (its view) is fetched when the page is idle after its first paint,
 * or with the first request if that comes sooner, and `updateComplete` waits for it.
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

  // Only this request: typing, presence and other chats never re-render the preview.
  private readonly preview = this.selectKeyed(() => [this.invitationId] as const, (s, id) => agentSelectorsFor(s).selectPreview(id), NO_PREVIEW);
  /** The countdown redraws every second while a request with a deadline is shown. */
  protected readonly clock = new ClockController(this, () => this.view?.shown?.expiresAt !== undefined);
  private view?: PreviewView;
  private viewLoading?: Promise<void>;

  override connectedCallback(): void {
    super.connectedCallback();
    livePreviews.add(this);
    if (livePreviews.size === 1) document.addEventListener('keydown', onShortcut);
    // A request must show the moment it comes, and may come while the network is gone: the
    // view is fetched once the page is idle after its first paint, not only with a request.
    if (!this.view) {
      whenIdle(() => {
        if (this.isConnected) void this.loadView();
      });
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    livePreviews.delete(this);
    if (livePreviews.size === 0) document.removeEventListener('keydown', onShortcut);
  }

  /** Whether this preview shows a request and answers to `event` as its shortcut. */
  matchesShortcut(event: KeyboardEvent): boolean {
    return this.view?.shown !== undefined && shortcutMatches(this.focusShortcut, event);
  }

  /** Moves focus to the request (its region or dialog), so Tab reaches Accept next. */
  focusRequest(): void {
    this.view?.focusRequest();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    // A request to show and no view yet (not fetched at idle, or that failed): ask for it now.
    // Asked for by the first render, the live region is as new as the request.
    if (!this.view && this.preview.value.invitation) void this.loadView(!this.hasUpdated);
  }

  private loadView(regionIsNew = false): Promise<void> {
    this.viewLoading ??= loadView().then(
      ({ createPreviewView }) => {
        this.view ??= createPreviewView(this, { preview: () => this.preview.value, store: () => this.activeStore, regionIsNew }, previewKit);
        this.requestUpdate();
      },
      () => {
        this.viewLoading = undefined;
      },
    );
    return this.viewLoading;
  }

  /** Also waits for the view while it loads (asked for by the update awaited, it may be). */
  protected override async getUpdateComplete(): Promise<boolean> {
    let done = await super.getUpdateComplete();
    while (this.viewLoading && !this.view) {
      await this.viewLoading;
      done = await super.getUpdateComplete();
    }
    return done;
  }

  override render() {
    // The live region is there before any request, so that the first announcement is read.
    return html`
      <div class="announcer visually-hidden" role="status" aria-live="polite" aria-atomic="true"></div>
      ${this.view ? this.view.render() : nothing}
    `;
  }
}
