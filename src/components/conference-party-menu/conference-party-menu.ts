import { html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, queryAll, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { PartyView } from '../../engine/types.js';
import { agentSelectorsFor } from '../../store/selectors.js';
import type { PartyMenuVM } from '../../store/types.js';
import { StoreElement } from '../shared/store-element.js';
import { CommandController } from '../shared/command-controller.js';
import { MenuController } from '../shared/menu-controller.js';
import { workspaceEvent } from '../shared/events.js';
import {
  availableActions,
  effectivePermissions,
  parseDisabledActions,
  PARTY_ACTIONS,
  type PartyAction,
  type PartyMenuPermissions,
} from './party-actions.js';
import { styles } from './conference-party-menu.styles.js';

let nextId = 0;
const NO_MENU: PartyMenuVM = {};

const ICONS: Record<PartyAction, TemplateResult> = {
  call: svg`<path d="M4.5 1.5l2.6 2.6-1.4 2.1a8 8 0 004.1 4.1l2.1-1.4 2.6 2.6-1.7 2.3C7 13.5 2.5 9 1.2 3.2z"/>`,
  instantMessage: svg`<path d="M2 2h12v9H6l-3.5 3V11H2z"/>`,
  email: svg`<path d="M1 3h14v10H1zm1.5 1.5v.4L8 8.6l5.5-3.7v-.4zM2.5 6.7v4.8h11V6.7L8 10.4z"/>`,
  delete: svg`<path d="M5 1h6v2h4v2H1V3h4zm-2 5h10l-1 9H4z"/>`,
};

/**
 * The Conference Party Action Menu: a menu button beside one party of an interaction,
 * offering Call, Start Instant Message Consultation, New E-mail and Delete From
 * Conference (WAI-ARIA menu button pattern). Each item is enabled by the host's
 * permissions and by the party's state; disabled items stay listed with `aria-disabled`.
 * Delete From Conference sends `remove-party`; the other three belong to the host's
 * media and are handed over as DOM events.
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
  @state() private error = '';

  // Only this party's menu: typing and presence elsewhere never re-render it.
  private readonly menu = this.selectKeyed(() => [this.sessionId, this.userId] as const, (s, sessionId, userId) => agentSelectorsFor(s).selectPartyMenu(sessionId, userId), NO_MENU);
  private readonly menuId = `party-menu-${++nextId}`;
  private readonly triggerId = `${this.menuId}-trigger`;

  @query('.trigger') private trigger!: HTMLButtonElement;
  @query('[role="menu"]') private menuElement?: HTMLElement;
  @queryAll('[role="menuitem"]') private items!: NodeListOf<HTMLElement>;

  private pendingFocus: 'first' | 'last' | undefined;

  private get party(): PartyView | undefined {
    return this.menu.value.party;
  }

  private get interaction() {
    return this.menu.value.interaction;
  }

  private get available(): PartyMenuPermissions {
    return availableActions(this.interaction, this.party, this.menu.value.meId, effectivePermissions(this.permissions, this.disabledList));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.menus.unwatch();
  }

  private labelOf(action: PartyAction): string {
    switch (action) {
      case 'call':
        return msg('Call');
      case 'instantMessage':
        return msg('Start Instant Message Consultation');
      case 'email':
        return msg('New E-mail');
      case 'delete':
        return msg('Delete From Conference');
    }
  }

  override render() {
    const party = this.party;
    const name = party?.name ?? this.userId;
    const available = this.available;
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
        ${PARTY_ACTIONS.map(
          (action) => html`
            ${action === 'delete' ? html`<div class="separator" role="separator"></div>` : nothing}
            <div
              role="menuitem"
              tabindex="-1"
              class=${action === 'delete' ? 'delete' : ''}
              part="item item-${action === 'instantMessage' ? 'instant-message' : action}"
              data-action=${action}
              aria-disabled=${available[action] ? 'false' : 'true'}
            >
              <svg class="icon" viewBox="0 0 16 16" aria-hidden="true">${ICONS[action]}</svg>
              <span class="label">${this.labelOf(action)}</span>
            </div>
          `,
        )}
      </div>
      ${this.error
        ? html`<div class="error" part="error" role="alert">
            ${this.error}<button type="button" @click=${this.dismissError}>${msg('Dismiss')}</button>
          </div>`
        : nothing}
    `;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (changed.has('open') && this.open) this.place();
    if (this.open && this.pendingFocus) {
      const items = [...this.items];
      const target = this.pendingFocus === 'first' ? items[0] : items[items.length - 1];
      this.pendingFocus = undefined;
      target?.focus();
    }
  }

  /** The popup goes in the top layer under the button (so the window's scrolling box never clips it). */
  private place(): void {
    const popup = this.menuElement;
    if (popup && this.trigger) this.menus.place(popup, this.trigger);
  }

  /** Opens the menu and puts focus on its first or last item. */
  show(focus: 'first' | 'last' = 'first'): void {
    this.error = '';
    this.pendingFocus = focus;
    if (!this.open) {
      this.open = true;
      this.menus.watchOutside(() => this.hide(false));
    } else {
      this.requestUpdate();
    }
  }

  /** Closes the menu; with `returnFocus`, focus goes back to the menu button. */
  hide(returnFocus = false): void {
    if (!this.open) return;
    this.open = false;
    this.pendingFocus = undefined;
    this.menus.unwatch();
    if (this.menuElement?.matches(':popover-open')) this.menuElement.hidePopover();
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
    this.menus.keydown(e, [...this.items], {
      activate: (item) => this.activate(item),
      close: (returnFocus) => {
        if (!returnFocus) {
          // Tab: the browser moves focus on from the button, forwards or back as asked.
          this.trigger.focus();
        }
        this.hide(returnFocus);
      },
    });
  }

  private onMenuClick(e: MouseEvent): void {
    const item = (e.target as Element).closest?.('[role="menuitem"]');
    if (item instanceof HTMLElement) this.activate(item);
  }

  private onMenuFocusOut(e: FocusEvent): void {
    const next = e.relatedTarget as Node | null;
    if (next && (this.shadowRoot?.contains(next) || next === this)) return;
    // Focus left the component (another window, a click elsewhere): close without pulling focus back.
    if (next) this.hide(false);
  }

  private activate(item: HTMLElement): void {
    if (item.getAttribute('aria-disabled') === 'true') return;
    const action = item.dataset.action as PartyAction;
    const party = this.party;
    this.hide(true);
    if (!party) return;
    const detail = { sessionId: this.sessionId, party };
    switch (action) {
      case 'call':
        this.dispatchEvent(workspaceEvent('party-call', detail));
        break;
      case 'instantMessage':
        this.dispatchEvent(workspaceEvent('party-instant-message', detail));
        break;
      case 'email':
        this.dispatchEvent(workspaceEvent('party-email', detail));
        break;
      case 'delete':
        void this.removeParty(party);
        break;
    }
  }

  private readonly commands = new CommandController(this, () => this.activeStore);
  private readonly menus = new MenuController(this);

  private async removeParty(party: PartyView): Promise<void> {
    const name = party.name;
    const result = await this.commands.run({ type: 'remove-party', sessionId: this.sessionId, userId: party.userId }, (error) =>
      error.code === 'not-connected' && !this.activeStore ? error.message : msg(str`Could not delete ${name} from the conference: ${error.message}`),
    );
    if (!result.ok) this.error = this.commands.error;
  }

  private dismissError(): void {
    this.error = '';
    this.trigger?.focus();
  }
}
