import type { TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { PartyView } from '../../engine/types.js';
import type { WorkspaceStore } from '../../store/types.js';
import { MenuController } from '../shared/menu-controller.js';
import type { PartyAction, PartyMenuPermissions } from './party-actions.js';
import type { PartyMenuKit } from './view-kit.js';
import type { ConferencePartyMenu } from './conference-party-menu.js';
import { partyMenuViewStyles } from './party-menu-view.styles.js';

// The popup of `<conference-party-menu>` (its items, keyboard model, placement and actions),
// loaded by the element when the menu is first opened or about to be (the pointer over or
// the focus on its button): the button is on every party of every window, the menu is
// opened now and then.

// What the view takes from the page (see shared/view-kit.ts for why it is not imported):
// set from the kit before the first view is made.
let kit: PartyMenuKit;
let icons: Record<PartyAction, TemplateResult>;
let viewStyles: ReturnType<typeof partyMenuViewStyles>;

/** What the popup needs of its element beyond its public properties. */
export interface PartyMenuAccess {
  /** The party the menu acts on, as the store has it now. */
  party(): PartyView | undefined;
  /** The actions the host's permissions and the party's state allow. */
  available(): PartyMenuPermissions;
  store(): WorkspaceStore | undefined;
  /** The menu button. */
  trigger(): HTMLButtonElement | null;
}

/** Makes the popup of `host`, taking what it needs of the page from `pageKit` (the first time). */
export function createPartyMenuView(host: ConferencePartyMenu, access: PartyMenuAccess, pageKit: PartyMenuKit): PartyMenuView {
  if (!kit) {
    kit = pageKit;
    const { svg } = kit;
    icons = {
      call: svg`<path d="M4.5 1.5l2.6 2.6-1.4 2.1a8 8 0 004.1 4.1l2.1-1.4 2.6 2.6-1.7 2.3C7 13.5 2.5 9 1.2 3.2z"/>`,
      instantMessage: svg`<path d="M2 2h12v9H6l-3.5 3V11H2z"/>`,
      email: svg`<path d="M1 3h14v10H1zm1.5 1.5v.4L8 8.6l5.5-3.7v-.4zM2.5 6.7v4.8h11V6.7L8 10.4z"/>`,
      delete: svg`<path d="M5 1h6v2h4v2H1V3h4zm-2 5h10l-1 9H4z"/>`,
    };
    viewStyles = partyMenuViewStyles(kit.css);
    kit.renderOnChange(PartyMenuView.prototype, ['error']);
  }
  return new PartyMenuView(host, access);
}

/** The popup: a controller of its element, which keeps whether the menu is open. */
class PartyMenuView {
  private readonly commands: InstanceType<PartyMenuKit['CommandController']>;
  private readonly menus: MenuController;
  /** Why Delete From Conference was refused (re-renders the element: see createPartyMenuView). */
  private error = '';
  /** Placed in the top layer since the menu last opened. */
  private placed = false;

  constructor(
    private readonly host: ConferencePartyMenu,
    private readonly access: PartyMenuAccess,
  ) {
    this.commands = new kit.CommandController(host, access.store);
    this.menus = new MenuController(host);
    kit.addStyles(host, viewStyles);
  }

  /** The menu's items. */
  items(): HTMLElement[] {
    return [...this.host.renderRoot.querySelectorAll<HTMLElement>('[role="menuitem"]')];
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

  renderItems(): TemplateResult[] {
    const { html, nothing } = kit;
    const available = this.access.available();
    return kit.PARTY_ACTIONS.map(
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
          <svg class="icon" viewBox="0 0 16 16" aria-hidden="true">${icons[action]}</svg>
          <span class="label">${this.labelOf(action)}</span>
        </div>
      `,
    );
  }

  renderError(): TemplateResult | typeof kit.nothing {
    const { html, nothing } = kit;
    return this.error
      ? html`<div class="error" part="error" role="alert">
          ${this.error}<button type="button" @click=${this.dismissError}>${msg('Dismiss')}</button>
        </div>`
      : nothing;
  }

  /** The menu is open and rendered: in the top layer under the button, closed by a press outside. */
  opened(): void {
    if (this.placed) return;
    const popup = this.host.renderRoot.querySelector<HTMLElement>('[role="menu"]');
    const trigger = this.access.trigger();
    if (!popup || !trigger) return;
    this.placed = true;
    this.menus.place(popup, trigger);
    this.menus.watchOutside(() => this.host.hide(false));
  }

  closed(): void {
    this.placed = false;
    this.menus.unwatch();
    const popup = this.host.renderRoot.querySelector<HTMLElement>('[role="menu"]');
    if (popup?.matches(':popover-open')) popup.hidePopover();
  }

  clearError(): void {
    if (this.error) this.error = '';
  }

  keydown(e: KeyboardEvent): void {
    this.menus.keydown(e, this.items(), {
      activate: (item) => this.activate(item),
      close: (returnFocus) => {
        if (!returnFocus) {
          // Tab: the browser moves focus on from the button, forwards or back as asked.
          this.access.trigger()?.focus();
        }
        this.host.hide(returnFocus);
      },
    });
  }

  click(e: MouseEvent): void {
    const item = (e.target as Element).closest?.('[role="menuitem"]');
    if (item instanceof HTMLElement) this.activate(item);
  }

  private activate(item: HTMLElement): void {
    if (item.getAttribute('aria-disabled') === 'true') return;
    const action = item.dataset.action as PartyAction;
    const party = this.access.party();
    this.host.hide(true);
    if (!party) return;
    const detail = { sessionId: this.host.sessionId, party };
    switch (action) {
      case 'call':
        this.host.dispatchEvent(kit.workspaceEvent('party-call', detail));
        break;
      case 'instantMessage':
        this.host.dispatchEvent(kit.workspaceEvent('party-instant-message', detail));
        break;
      case 'email':
        this.host.dispatchEvent(kit.workspaceEvent('party-email', detail));
        break;
      case 'delete':
        void this.removeParty(party);
        break;
    }
  }

  private async removeParty(party: PartyView): Promise<void> {
    const name = party.name;
    const result = await this.commands.run({ type: 'remove-party', sessionId: this.host.sessionId, userId: party.userId }, (error) =>
      error.code === 'not-connected' && !this.access.store() ? error.message : msg(str`Could not delete ${name} from the conference: ${error.message}`),
    );
    if (!result.ok) this.error = this.commands.error;
  }

  // A field: Lit calls a listener with the element as `this`.
  private readonly dismissError = (): void => {
    this.error = '';
    this.access.trigger()?.focus();
  };
}

export type { PartyMenuView };
