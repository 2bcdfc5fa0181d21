import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { PartyView } from '../../engine/types.js';
import { agentSelectorsFor } from '../../store/selectors.js';
import type { PartyMenuVM } from '../../store/types.js';
import { StoreElement } from '../shared/store-element.js';
import { onDemand } from '../shared/view-kit.js';
import { availableActions, effectivePermissions, parseDisabledActions, type PartyAction, type PartyMenuPermissions } from './party-actions.js';
import type { PartyMenuView } from './party-menu-view.js';
import { partyMenuKit } from './view-kit.js';
import { styles } from './conference-party-menu.styles.js';

let nextId = 0;
const NO_MENU: PartyMenuVM = {};

const loadPopup = onDemand(() => import('./party-menu-view.js'));

/**
 * The Conference Party Action Menu: a menu button beside one party of an interaction,
 * offering Call, Start Instant Message Consultation, New E-mail and Delete From
 * Conference (WAI-ARIA menu button pattern). Each item is enabled by the host's
 * permissions and by the party's state; disabled items stay listed with `aria-disabled`.
 * Delete From Conference sends `remove-party`; the other three belong to the host's
 * media and are handed over as DOM events.
 *
 * The element (its button) registers with its entry; its popup (the items, their keyboard
 * model and actions) is loaded the first time the menu opens or is about to (the pointer
 * over the button, or the focus on it), and `updateComplete` waits for it: a menu opened
 * by keyboard before it arrived puts the focus on its item once it has.
 *
 * @tag conference-party-menu
 * @fires party-call - Call chosen: `{ sessionId, party }`; the host starts a voice call.
 * @fires party-instant-message - Start Instant Message Consultation chosen: `{ sessionId, party }`.
 * @fires party-email - New E-mail chosen: `{ sessionId, party }`.
 * @csspart trigger - The menu button.
 * @csspart menu - The popup list.
 * @csspart item - Each menu item (also `item-call`, `item-instant-message`, `item-email`, `item-delete`).
 * @csspart error - The message shown when Delete From Conference is refused.
 * @cssprop --wc-menu-z-index - Stacking order of the popup (default 10).
 * @cssprop --wc-accent - Highlighted item background.
 * @cssprop --wc-danger - Colour of Delete From Conference.
 */
@localized()
export class ConferencePartyMenu extends StoreElement {
  static override styles = styles;

  /** The interaction the party belongs to. */
  @property({ attribute: 'session-id' }) sessionId = '';
  /** The party the menu acts on. */
  @property({ attribute: 'user-id' }) userId = '';

  /**
   * What the host permits, before the party's state is considered. Missing keys mean
   * permitted. `disabled-actions` withdraws further permissions.
   */
  @property({ attribute: false }) permissions: Partial<PartyMenuPermissions> = {};

  private disabledList: PartyAction[] = [];

  /**
   * Space-separated actions to withdraw: `call`, `instant-message`, `email`, `delete`.
   * An unknown word throws a `PartyMenuConfigError` and leaves the previous value in place.
   */
  @property({ attribute: 'disabled-actions' })
  get disabledActions(): string {
    return this.disabledList.join(' ');
  }
  set disabledActions(value: string | null | undefined) {
    const old = this.disabledActions;
    this.disabledList = parseDisabledActions(value);
    this.requestUpdate('disabledActions', old);
  }

  @state() private open = false;

  // Only this party's menu: typing and presence elsewhere never re-render it.
  private readonly menu = this.selectKeyed(() => [this.sessionId, this.userId] as const, (s, sessionId, userId) => agentSelectorsFor(s).selectPartyMenu(sessionId, userId), NO_MENU);
  private readonly menuId = `party-menu-${++nextId}`;
  private readonly triggerId = `${this.menuId}-trigger`;

  @query('.trigger') private trigger!: HTMLButtonElement;

  private pendingFocus: 'first' | 'last' | undefined;
  private popup?: PartyMenuView;
  private popupLoading?: Promise<void>;

  private get party(): PartyView | undefined {
    return this.menu.value.party;
  }

  private get available(): PartyMenuPermissions {
    return availableActions(this.menu.value.interaction, this.party, this.menu.value.meId, effectivePermissions(this.permissions, this.disabledList));
  }

  // A field, so that the template's listeners stay the same from render to render.
  private readonly loadPopup = (): Promise<void> =>
    (this.popupLoading ??= loadPopup().then(
      ({ createPartyMenuView }) => {
        this.popup ??= createPartyMenuView(
          this,
          { party: () => this.party, available: () => this.available, store: () => this.activeStore, trigger: () => this.trigger ?? null },
          partyMenuKit,
        );
        this.requestUpdate();
      },
      () => {
        // Nothing to show: the menu closes, and opening it again loads again.
        this.popupLoading = undefined;
        this.hide(false);
      },
    ));

  /** Also waits for the popup while it loads. */
  protected override async getUpdateComplete(): Promise<boolean> {
    await this.popupLoading;
    return super.getUpdateComplete();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.popup?.closed();
  }

  override render() {
    const party = this.party;
    const name = party?.name ?? this.userId;
    const popup = this.popup;
    return html`
      <button
        id=${this.triggerId}
        class="trigger"
        part="trigger"
        type="button"
        aria-haspopup="menu"
        aria-expanded=${this.open ? 'true' : 'false'}
        aria-controls=${this.menuId}
        aria-label=${msg(str`Party actions for ${name}`)}
        @click=${this.onTriggerClick}
        @keydown=${this.onTriggerKeydown}
        @pointerenter=${this.loadPopup}
        @focus=${this.loadPopup}
      >
        <svg viewBox="0 0 16 16" aria-hidden="true"><circle cx="8" cy="3" r="1.6" /><circle cx="8" cy="8" r="1.6" /><circle cx="8" cy="13" r="1.6" /></svg>
      </button>
      <div
        id=${this.menuId}
        role="menu"
        part="menu"
        aria-labelledby=${this.triggerId}
        popover="manual"
        ?hidden=${!this.open}
        @keydown=${this.onMenuKeydown}
        @click=${this.onMenuClick}
        @focusout=${this.onMenuFocusOut}
      >
        ${popup ? popup.renderItems() : nothing}
      </div>
      ${popup ? popup.renderError() : nothing}
    `;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const popup = this.popup;
    if (!this.open || !popup) return;
    popup.opened();
    if (this.pendingFocus) {
      const items = popup.items();
      const target = this.pendingFocus === 'first' ? items[0] : items[items.length - 1];
      this.pendingFocus = undefined;
      target?.focus();
    }
  }

  /** Opens the menu and puts focus on its first or last item (once the popup has loaded). */
  show(focus: 'first' | 'last' = 'first'): void {
    this.popup?.clearError();
    this.pendingFocus = focus;
    void this.loadPopup();
    if (!this.open) this.open = true;
    else this.requestUpdate();
  }

  /** Closes the menu; with `returnFocus`, focus goes back to the menu button. */
  hide(returnFocus = false): void {
    if (!this.open) return;
    this.open = false;
    this.pendingFocus = undefined;
    this.popup?.closed();
    if (returnFocus) this.trigger?.focus();
  }

  private onTriggerClick(): void {
    if (this.open) this.hide();
    else this.show('first');
  }

  private onTriggerKeydown(e: KeyboardEvent): void {
    switch (e.key) {
      // Enter and Space reach onTriggerClick as the button's own click.
      case 'ArrowDown':
        e.preventDefault();
        this.show('first');
        break;
      case 'ArrowUp':
        e.preventDefault();
        this.show('last');
        break;
      case 'Escape':
        if (this.open) {
          e.preventDefault();
          this.hide(true);
        }
        break;
    }
  }

  private onMenuKeydown(e: KeyboardEvent): void {
    this.popup?.keydown(e);
  }

  private onMenuClick(e: MouseEvent): void {
    this.popup?.click(e);
  }

  private onMenuFocusOut(e: FocusEvent): void {
    const next = e.relatedTarget as Node | null;
    if (next && (this.shadowRoot?.contains(next) || next === this)) return;
    // Focus left the component (another window, a click elsewhere): close without pulling focus back.
    if (next) this.hide(false);
  }
}
