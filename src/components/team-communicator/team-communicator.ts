import { nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import { StoreElement } from '../shared/store-element.js';
import { onDemand } from '../shared/view-kit.js';
import { teamCommunicatorKit } from './view-kit.js';
import type { TargetListStorage } from './favorites.js';
import type { TeamCommunicatorMode } from './target-actions.js';
import type { TeamCommunicatorView } from './team-communicator-view.js';
import { teamCommunicatorStyles } from './team-communicator.styles.js';

export { RESULT_LIMIT, MORE_RESULTS } from './limits.js';

/**
 * Loads the Team Communicator's view, once for the page (a host may call it to have the
 * view ready before an agent opens one). A failed load is tried again on the next call.
 */
export const loadTeamCommunicatorView = onDemand(() => import('./team-communicator-view.js'));

/**
 * The Team Communicator: finds an internal target (agent, routing point, queue) by name
 * or number and offers the actions that fit the mode — Instant Chat Conference, Start
 * Chat Consultation, Start Voice Consultation, Start Instant Message Consultation,
 * Instant Chat Transfer, Add to / Remove from Favorites.
 *
 * The backend searches: each keystroke asks the store for the first page of results (the
 * latest answer wins; the previous results stay shown until it comes, and the status says
 * "Searching…" only when it is slow). The element follows the presence of what it shows —
 * Favorites, Recent and the results — through the store's watch set, and releases it when
 * removed. `updateComplete` settles once the latest search has been answered and shown.
 *
 * The search box is a WAI-ARIA combobox over a listbox of results (Active Consultations,
 * Favorites and Recent when the query is empty); each target has a menu button. Arrow
 * keys move through the results (ArrowDown on the last one loads more), Enter opens the
 * active target's actions, Escape closes the menu, then clears the query, then asks the
 * host to close.
 *
 * The element is small and registers with its entry; what it shows and does (its view,
 * `team-communicator-view.ts`) is loaded the first time one is connected or asked to
 * focus its search (`import()`, so a host's bundler puts it in a chunk of its own), and it
 * renders once that arrives. Properties, attributes and listeners set before then apply,
 * `updateComplete` waits for it, and `focusSearch()` called before it arrived focuses the
 * search box when it does (unless the focus moved meanwhile).
 *
 * @tag team-communicator
 * @fires team-communicator-close - `{ reason: 'action' | 'cancel' }`: an action was taken, or Escape was pressed on an empty search.
 * @fires target-voice-consultation - Start Voice Consultation chosen: `{ sessionId?, target }` (host media).
 * @fires target-instant-message - Start Instant Message Consultation chosen: `{ sessionId?, target }` (host media).
 * @csspart search - the search box ("Type name or number")
 * @csspart filter - the type filter (All, Agent, Routing Point, Queue)
 * @csspart status - the result count line ("Searching…" while a search is slow, or why it failed)
 * @csspart listbox - the list of targets
 * @csspart section-label - the label of a section (Active Consultations, Favorites, Recent, results)
 * @csspart option - one target in the list
 * @csspart presence - an agent's chat presence (icon and text)
 * @csspart action-button - the menu button beside each target
 * @csspart menu - the action menu
 * @csspart menuitem - one action of the menu
 * @csspart more - "Showing 12 of N" when more targets match than are shown
 * @csspart more-button - "Show more results"
 * @csspart error - the error line of a refused action
 * @cssprop --wc-team-communicator-results-size - largest block size of the results before they scroll (360px)
 * @cssprop --wc-background - background (and the other --wc-* theme tokens)
 */
@localized()
export class TeamCommunicator extends StoreElement {
  static override styles = teamCommunicatorStyles;
  static override shadowRootOptions: ShadowRootInit = { ...StoreElement.shadowRootOptions, delegatesFocus: true };

  /** `conference`, `consultation`, `transfer`, or `browse` (no interaction: voice, IM and favorites only). */
  @property({ reflect: true }) mode: TeamCommunicatorMode = 'browse';

  /** The interaction the chat actions are about. */
  @property({ attribute: 'session-id', reflect: true }) sessionId?: string;

  /** `light`, `dark` or `auto`. */
  @property({ reflect: true }) theme?: string;

  /** Where Favorites and Recent are kept (default `localStorage`; `null`: this session only). */
  @property({ attribute: false }) storage?: TargetListStorage | null;

  private view?: TeamCommunicatorView;
  private viewLoading?: Promise<void>;
  /** `focusSearch()` was called before the view arrived: where the focus was then. */
  private focusAsked?: { from: Element | null };

  /** Moves focus to the search box (once the view has arrived, if it has not yet). */
  focusSearch(): void {
    if (this.view) return this.view.focusSearch();
    this.focusAsked = { from: document.activeElement };
    void this.loadView();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadView();
  }

  private loadView(): Promise<void> {
    this.viewLoading ??= loadTeamCommunicatorView().then(
      ({ createTeamCommunicatorView }) => {
        this.view ??= createTeamCommunicatorView(this, { store: () => this.activeStore, rendered: () => super.getUpdateComplete() }, teamCommunicatorKit);
      },
      // Nothing to show; the next connection (or focusSearch) tries again.
      () => {
        this.viewLoading = undefined;
      },
    );
    return this.viewLoading;
  }

  /** Waits for the view to arrive, and then for the latest search's answer and the watch answers to be shown. */
  protected override async getUpdateComplete(): Promise<boolean> {
    await this.viewLoading;
    const done = await super.getUpdateComplete();
    return this.view ? this.view.settled(done) : done;
  }

  protected override render(): TemplateResult | typeof nothing {
    return this.view ? this.view.render() : nothing;
  }

  protected override updated(): void {
    const asked = this.focusAsked;
    if (!this.view || !asked) return;
    this.focusAsked = undefined;
    if (document.activeElement === asked.from) this.view.focusSearch();
  }
}
