import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { styleMap } from 'lit/directives/style-map.js';
import { localized, msg, str } from '@lit/localize';
import { StoreElement } from '../shared/store-element.js';
import { CommandController } from '../shared/command-controller.js';
import { MenuController } from '../shared/menu-controller.js';
import { workspaceEvent } from '../shared/events.js';
import { presenceLabel, targetKindLabel } from '../shared/labels.js';
import { getLocale } from '../shared/localization.js';
import { selectDirectory, selectUser } from '../../store/selectors.js';
import type { InternalTarget, PresenceState, UserRef } from '../../engine/types.js';
import type { ConsultationVM, DirectoryFilter } from '../../store/types.js';
import { createDirectoryIndex, foldWords, search, type DirectoryIndex, type SearchResult } from '../../directory/search.js';
import { TargetLists, type TargetListStorage } from './favorites.js';
import {
  actionsFor,
  chatUnavailableReason,
  toModeOrBrowse,
  type TargetAction,
  type TargetRowData,
  type TeamCommunicatorMode,
} from './target-actions.js';
import { teamCommunicatorStyles } from './team-communicator.styles.js';

/** How many search results are rendered at once; the rest are counted ("Showing 50 of N"). */
export const RESULT_LIMIT = 50;

const NO_TARGETS: readonly InternalTarget[] = Object.freeze([]);
const NO_CONSULTATIONS: ConsultationVM[] = [];

/*
 * Indexes outlive one Team Communicator: a window opens a new one each time a toolbar
 * button is pressed, and preparing 50,000 names takes a noticeable moment. The index of a
 * directory array is kept while that array lives; a new array with the same targets (a
 * presence change) reuses the most recent index's prepared keys.
 */
const indexes = new WeakMap<readonly InternalTarget[], DirectoryIndex>();
// Weakly held: it never keeps a directory alive that nothing else uses.
let recentIndex: WeakRef<DirectoryIndex> | undefined;

function indexFor(directory: readonly InternalTarget[], previous: DirectoryIndex | undefined): DirectoryIndex {
  let index = indexes.get(directory);
  if (!index) {
    index = createDirectoryIndex(directory, previous ?? recentIndex?.deref());
    indexes.set(directory, index);
  }
  recentIndex = new WeakRef(index);
  return index;
}
const FILTERS: readonly DirectoryFilter[] = ['all', 'agent', 'routing-point', 'queue'];

type SectionKey = 'consultations' | 'favorites' | 'recent' | 'results';

interface Row extends TargetRowData {
  /** DOM id of the option (unique: one target may be in several sections). */
  domId: string;
}

interface Section {
  key: SectionKey;
  label: string;
  rows: Row[];
}

let instances = 0;

/**
 * The Team Communicator: finds an internal target (agent, routing point, queue) by name
 * or number and offers the actions that fit the mode — Instant Chat Conference, Start
 * Chat Consultation, Start Voice Consultation, Start Instant Message Consultation,
 * Instant Chat Transfer, Add to / Remove from Favorites.
 *
 * The search box is a WAI-ARIA combobox over a listbox of results (Active Consultations,
 * Favorites and Recent when the query is empty); each target has a menu button. Arrow
 * keys move through the results, Enter opens the active target's actions, Escape closes
 * the menu, then clears the query, then asks the host to close.
 *
 * @tag team-communicator
 * @fires team-communicator-close - `{ reason: 'action' | 'cancel' }`: an action was taken, or Escape was pressed on an empty search.
 * @fires target-voice-consultation - Start Voice Consultation chosen: `{ sessionId?, target }` (host media).
 * @fires target-instant-message - Start Instant Message Consultation chosen: `{ sessionId?, target }` (host media).
 * @csspart search - the search box ("Type name or number")
 * @csspart filter - the type filter (All, Agent, Routing Point, Queue)
 * @csspart status - the result count line
 * @csspart listbox - the list of targets
 * @csspart section-label - the label of a section (Active Consultations, Favorites, Recent, results)
 * @csspart option - one target in the list
 * @csspart presence - an agent's chat presence (icon and text)
 * @csspart action-button - the menu button beside each target
 * @csspart menu - the action menu
 * @csspart menuitem - one action of the menu
 * @csspart more - "Showing 50 of N" when more targets match than are shown
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

  @state() private query = '';
  @state() private filter: DirectoryFilter = 'all';
  @state() private activeId?: string;
  @state() private menuFor?: string;
  @state() private error = '';
  private readonly commands = new CommandController(this, () => this.activeStore);
  private readonly menus = new MenuController(this);

  private readonly directory = this.select(selectDirectory, NO_TARGETS);
  private readonly user = this.select(selectUser, undefined);
  private readonly consultations = this.selectKeyed(
    () => [this.sessionId] as const,
    (s, id) => (id ? s.selectActiveConsultations(id) : () => NO_CONSULTATIONS),
    NO_CONSULTATIONS,
  );
  private index?: DirectoryIndex;
  private lists?: TargetLists;
  private listsOwner?: { userId: string; storage: TargetListStorage | null | undefined };
  private menuOpener: 'combobox' | 'button' = 'button';
  private readonly uid = `tc${++instances}`;
  private rows: Row[] = [];

  /** Moves focus to the search box. */
  focusSearch(): void {
    this.searchBox?.focus();
  }

  private get searchBox(): HTMLInputElement | null {
    return this.renderRoot.querySelector<HTMLInputElement>('input[role="combobox"]');
  }

  protected override willUpdate(): void {
    const directory = this.directory.value;
    if (!this.index || this.index.targets !== directory) this.index = indexFor(directory, this.index);
    this.bindLists(this.user.value);
  }

  protected override firstUpdated(): void {
    if (this.hasAttribute('autofocus')) this.focusSearch();
  }

  protected override updated(): void {
    // Keep the active option in view as the arrow keys move through a scrolled list.
    if (this.activeId) this.renderRoot.querySelector(`#${this.activeId}`)?.scrollIntoView?.({ block: 'nearest' });
    if (this.menuFor) {
      this.placeMenu();
      this.menus.watchOutside(() => (this.menuFor = undefined));
    } else {
      this.menus.unwatch();
    }
  }

  private bindLists(user: UserRef | undefined): void {
    if (!user) {
      this.lists = undefined;
      this.listsOwner = undefined;
      return;
    }
    if (this.listsOwner?.userId === user.id && this.listsOwner.storage === this.storage) return;
    this.lists = new TargetLists(this.storage === undefined ? { userId: user.id } : { userId: user.id, storage: this.storage });
    this.listsOwner = { userId: user.id, storage: this.storage };
  }

  // -------------------------------------------------------------------------
  // What to show

  private rowOf(target: InternalTarget, section: SectionKey, i: number): Row {
    const row: Row = { domId: `${this.uid}-${section}-${i}`, id: target.id, name: target.name, kind: target.kind, target };
    if (target.number) row.number = target.number;
    if (target.kind === 'agent') row.presence = { chat: target.presence.chat, voice: target.presence.voice };
    return row;
  }

  private lookup?: { directory: readonly InternalTarget[]; byId: Map<string, InternalTarget> };
  private lastSearch?: { index: DirectoryIndex; query: string; filter: DirectoryFilter; me?: string; result: SearchResult };

  /** Directory targets by id, rebuilt only when the directory changes. */
  private byId(): Map<string, InternalTarget> {
    const directory = this.directory.value;
    if (this.lookup?.directory !== directory) {
      const byId = new Map<string, InternalTarget>();
      for (const t of directory) byId.set(t.id, t);
      this.lookup = { directory, byId };
    }
    return this.lookup.byId;
  }

  /** The search for the current query; arrow keys and menus re-render without searching again. */
  private results(index: DirectoryIndex, query: string, me: string | undefined): SearchResult {
    const last = this.lastSearch;
    if (last && last.index === index && last.query === query && last.filter === this.filter && last.me === me) return last.result;
    const result = search(index, query, { filter: this.filter, limit: RESULT_LIMIT, ...(me ? { exclude: new Set([me]) } : {}) });
    this.lastSearch = { index, query, filter: this.filter, me, result };
    return result;
  }

  private sections(): { sections: Section[]; total: number; shown: number } {
    const sections: Section[] = [];
    const me = this.user.value?.id;
    const query = this.query.trim();
    const fits = (t: InternalTarget) => t.id !== me && (this.filter === 'all' || t.kind === this.filter);
    const needLookup = this.mode === 'conference' || (query === '' && this.lists);
    const lookup = needLookup ? this.byId() : undefined;

    if (this.mode === 'conference' && this.sessionId && (this.filter === 'all' || this.filter === 'agent')) {
      const tokens = foldWords(query);
      const rows: Row[] = [];
      for (const c of this.consultations.value) {
        const peer = c.peer;
        if (!peer) continue;
        const words = foldWords(peer.name);
        if (!tokens.every((t) => words.some((w) => w.startsWith(t)))) continue;
        const target = lookup?.get(peer.userId);
        const row: Row = target
          ? this.rowOf(target, 'consultations', rows.length)
          : { domId: `${this.uid}-consultations-${rows.length}`, id: peer.userId, name: peer.name, kind: 'agent' };
        row.consultationId = c.session.id;
        rows.push(row);
      }
      if (rows.length) sections.push({ key: 'consultations', label: msg('Active Consultations'), rows });
    }

    let total = 0;
    let shown = 0;
    // A type chosen with nothing typed browses that type (by name); "All" shows the lists.
    const browsing = query === '' && this.filter !== 'all';
    if (query === '') {
      if (this.lists && lookup) {
        const listed = (ids: readonly string[], key: SectionKey) =>
          ids
            .map((id) => lookup.get(id))
            .filter((t): t is InternalTarget => t !== undefined && fits(t))
            .map((t, i) => this.rowOf(t, key, i));
        const favorites = listed(this.lists.favoriteIds, 'favorites');
        const recent = listed(this.lists.recentIds, 'recent');
        if (favorites.length) sections.push({ key: 'favorites', label: msg('Favorites'), rows: favorites });
        if (recent.length) sections.push({ key: 'recent', label: msg('Recent'), rows: recent });
      }
    }
    if ((query !== '' || browsing) && this.index) {
      const result = this.results(this.index, query, me);
      total = result.total;
      // Browsing lists Favorites and Recent first; their targets are not repeated below.
      const listed = browsing ? new Set(sections.flatMap((section) => section.rows.map((r) => r.id))) : undefined;
      const targets = listed?.size ? result.targets.filter((t) => !listed.has(t.id)) : result.targets;
      shown = result.targets.length;
      if (targets.length) sections.push({ key: 'results', label: msg('Search results'), rows: targets.map((t, i) => this.rowOf(t, 'results', i)) });
    }
    return { sections, total, shown };
  }

  // -------------------------------------------------------------------------
  // Rendering

  protected override render(): TemplateResult {
    const { sections, total, shown } = this.sections();
    this.rows = sections.flatMap((s) => s.rows);
    if (this.activeId && !this.rows.some((r) => r.domId === this.activeId)) this.activeId = undefined;
    if (this.menuFor && !this.rows.some((r) => r.domId === this.menuFor)) this.menuFor = undefined;
    const listboxId = `${this.uid}-listbox`;
    const expanded = this.rows.length > 0;
    const searching = this.query.trim() !== '' || this.filter !== 'all';
    const status = searching ? (total === 0 ? msg('No results') : total === 1 ? msg('1 result') : msg(str`${total.toLocaleString(getLocale())} results`)) : '';
    const rowCount = sections.reduce((n, s) => n + 1 + s.rows.length, 0);

    return html`
      <div class="search-row">
        <input
          id="${this.uid}-search"
          part="search"
          type="text"
          role="combobox"
          autocomplete="off"
          spellcheck="false"
          aria-label=${msg('Type name or number')}
          placeholder=${msg('Type name or number')}
          aria-autocomplete="list"
          aria-expanded=${expanded ? 'true' : 'false'}
          aria-controls=${listboxId}
          aria-activedescendant=${ifDefined(this.activeId)}
          aria-describedby="${this.uid}-status"
          .value=${this.query}
          @input=${this.onInput}
          @keydown=${this.onSearchKeydown}
        />
        <svg class="search-icon" viewBox="0 0 16 16" aria-hidden="true">
          <circle cx="6.5" cy="6.5" r="4.75" fill="none" stroke="currentColor" stroke-width="1.8" />
          <path d="M10 10l4.5 4.5" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" />
        </svg>
      </div>
      <fieldset part="filter" class="filter">
        <legend class="visually-hidden">${msg('Filter by type')}</legend>
        ${FILTERS.map(
          (f) => html`<label class="segment">
            <input type="radio" name="${this.uid}-filter" value=${f} .checked=${this.filter === f} @change=${() => this.setFilter(f)} />
            <span>${f === 'all' ? msg('All') : targetKindLabel(f)}</span>
          </label>`,
        )}
      </fieldset>
      <div id="${this.uid}-status" part="status" class="status" role="status">${status}</div>
      <div part="error" class="error" role="alert">${this.error}</div>
      <div class="results" ?hidden=${!expanded} @scroll=${this.onResultsScroll}>
        <div
          id=${listboxId}
          part="listbox"
          class="listbox"
          role="listbox"
          aria-label=${msg('Internal targets')}
          style=${styleMap({ gridRow: `1 / span ${Math.max(rowCount, 1)}` })}
        >
          ${sections.map((s) => this.renderGroup(s))}
        </div>
        <div class="actions" style=${styleMap({ gridRow: `1 / span ${Math.max(rowCount, 1)}` })}>
          ${sections.map((s) => html`<div class="spacer" aria-hidden="true"></div>${s.rows.map((r) => this.renderActionCell(r, this.actionsName(r, s, sections)))}`)}
        </div>
      </div>
      ${total > shown ? html`<p class="more" part="more">${msg(str`Showing ${shown.toLocaleString(getLocale())} of ${total.toLocaleString(getLocale())}`)}</p>` : nothing}
      ${!expanded && !searching ? html`<p class="hint">${msg('Type a name or number to find an agent, routing point or queue.')}</p>` : nothing}
    `;
  }

  private renderGroup(section: Section): TemplateResult {
    const labelId = `${this.uid}-${section.key}-label`;
    return html`<div role="group" class="group" aria-labelledby=${labelId} style=${styleMap({ gridRow: `span ${section.rows.length + 1}` })}>
      <div id=${labelId} part="section-label" class="section-label" role="presentation">${section.label}</div>
      ${section.rows.map((row) => this.renderOption(row))}
    </div>`;
  }

  private renderOption(row: Row): TemplateResult {
    const active = row.domId === this.activeId;
    const reason = this.mode !== 'browse' ? chatUnavailableReason(row) : undefined;
    return html`<div
      id=${row.domId}
      part="option"
      class="option ${active ? 'active' : ''}"
      role="option"
      aria-selected=${active ? 'true' : 'false'}
      @pointerdown=${(e: PointerEvent) => e.preventDefault()}
      @click=${() => this.onOptionClick(row)}
    >
      <span class="name">${row.name}</span>
      <span class="meta">
        <span class="kind">${targetKindLabel(row.kind)}</span>
        ${row.presence ? html`<span class="sep" aria-hidden="true">·</span> ${this.renderPresence(row.presence.chat)}` : nothing}
        ${row.number ? html`<span class="sep" aria-hidden="true">·</span> <span class="number">${row.number}</span>` : nothing}
      </span>
      ${reason ? html`<span class="reason">${reason}</span>` : nothing}
    </div>`;
  }

  private renderPresence(presence: PresenceState): TemplateResult {
    return html`<span part="presence" class="presence ${presence}">${presenceIcon(presence)}<span>${presenceLabel(presence)}</span></span>`;
  }

  /**
   * "Actions for Jim Miller" for the first place Jim stands; when he stands again in a
   * later section (Active Consultations, then Recent, say) that button names its section
   * too, so every button has a name of its own and the first keeps the plain one.
   */
  private actionsName(row: Row, section: Section, sections: readonly Section[]): string {
    const earlier = sections.slice(0, sections.indexOf(section)).some((other) => other.rows.some((r) => r.id === row.id));
    return earlier ? msg(str`Actions for ${row.name} (${section.label})`) : msg(str`Actions for ${row.name}`);
  }

  private renderActionCell(row: Row, name: string): TemplateResult {
    const open = this.menuFor === row.domId;
    const menuId = `${row.domId}-menu`;
    const active = row.domId === this.activeId;
    return html`<div class="action-cell ${active ? 'active' : ''}">
      <button
        id="${row.domId}-button"
        part="action-button"
        class="action-button"
        tabindex=${active ? '0' : '-1'}
        aria-haspopup="menu"
        aria-expanded=${open ? 'true' : 'false'}
        aria-controls=${ifDefined(open ? menuId : undefined)}
        aria-label=${name}
        @click=${() => this.toggleMenu(row, 'button')}
      >
        <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true"><path d="M3.5 6l4.5 4.5L12.5 6" fill="none" stroke="currentColor" stroke-width="1.8" /></svg>
      </button>
      ${open ? this.renderMenu(row, menuId) : nothing}
    </div>`;
  }

  private renderMenu(row: Row, menuId: string): TemplateResult {
    const actions = this.actionsOf(row);
    return html`<div
      id=${menuId}
      part="menu"
      class="menu"
      role="menu"
      popover="manual"
      aria-label=${msg(str`Actions for ${row.name}`)}
      @keydown=${(e: KeyboardEvent) => this.onMenuKeydown(e, row)}
      @focusout=${this.onMenuFocusOut}
    >
      ${actions.map(
        (a) => html`<div
          part="menuitem"
          class="menuitem"
          role="menuitem"
          tabindex="-1"
          data-key=${a.key}
          aria-disabled=${a.disabledReason || this.commands.busy ? 'true' : 'false'}
          aria-describedby=${ifDefined(a.disabledReason ? `${menuId}-${a.key}-reason` : undefined)}
          @click=${() => void this.activate(row, a)}
        >
          <span>${a.label}</span>
          ${a.disabledReason ? html`<span id="${menuId}-${a.key}-reason" class="reason">${a.disabledReason}</span>` : nothing}
        </div>`,
      )}
    </div>`;
  }

  private actionsOf(row: Row): TargetAction[] {
    return actionsFor(toModeOrBrowse(this.mode), row, {
      hasSession: Boolean(this.sessionId),
      favorite: this.lists?.isFavorite(row.id) ?? false,
    });
  }

  // -------------------------------------------------------------------------
  // Search box (combobox)

  private onInput(event: Event): void {
    this.query = (event.target as HTMLInputElement).value;
    this.activeId = undefined;
    this.error = '';
  }

  private setFilter(filter: DirectoryFilter): void {
    this.filter = filter;
    this.activeId = undefined;
  }

  private onSearchKeydown(event: KeyboardEvent): void {
    const rows = this.rows;
    const at = rows.findIndex((r) => r.domId === this.activeId);
    const move = (i: number) => {
      event.preventDefault();
      if (!rows.length) return;
      this.activeId = rows[Math.max(0, Math.min(rows.length - 1, i))]!.domId;
    };
    switch (event.key) {
      case 'ArrowDown':
        return move(at < 0 ? 0 : at + 1);
      case 'ArrowUp':
        return move(at < 0 ? rows.length - 1 : at - 1);
      case 'Home':
      case 'End':
        // With no active option these keys move the caret in the text, as in any text box.
        if (at < 0) return;
        return move(event.key === 'Home' ? 0 : rows.length - 1);
      case 'Enter': {
        if (at < 0) return;
        event.preventDefault();
        this.openMenu(rows[at]!, 'combobox');
        return;
      }
      case 'Escape':
        event.preventDefault();
        if (this.query) {
          this.query = '';
          this.activeId = undefined;
          this.error = '';
        } else {
          this.dispatchEvent(workspaceEvent('team-communicator-close', { reason: 'cancel' }));
        }
        return;
    }
  }

  private onOptionClick(row: Row): void {
    this.activeId = row.domId;
    this.openMenu(row, 'button');
  }

  // -------------------------------------------------------------------------
  // Action menu (menu button)

  private toggleMenu(row: Row, opener: 'combobox' | 'button'): void {
    if (this.menuFor === row.domId) return this.closeMenu();
    this.activeId = row.domId;
    this.openMenu(row, opener);
  }

  private async openMenu(row: Row, opener: 'combobox' | 'button', focus: 'first' | 'last' = 'first'): Promise<void> {
    this.menuFor = row.domId;
    this.menuOpener = opener;
    await this.updateComplete;
    const items = this.menuItems();
    (focus === 'first' ? items[0] : items[items.length - 1])?.focus();
  }

  private closeMenu(returnFocus = true): void {
    const row = this.rows.find((r) => r.domId === this.menuFor);
    this.menuFor = undefined;
    if (!returnFocus) return;
    if (this.menuOpener === 'combobox' || !row) this.focusSearch();
    else this.renderRoot.querySelector<HTMLButtonElement>(`#${row.domId}-button`)?.focus();
  }

  private menuItems(): HTMLElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLElement>('[role="menu"] [role="menuitem"]')];
  }

  private readonly onResultsScroll = (): void => {
    if (this.menuFor) this.placeMenu();
  };

  private readonly onWindowPointerDown = (event: PointerEvent): void => {
    if (!this.menuFor) return;
    const menu = this.renderRoot.querySelector('[role="menu"]');
    const button = menu?.previousElementSibling;
    const path = event.composedPath();
    if (menu && !path.includes(menu) && !(button && path.includes(button))) this.menuFor = undefined;
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('pointerdown', this.onWindowPointerDown, true);
    window.addEventListener('resize', this.onResultsScroll);
  }

  override disconnectedCallback(): void {
    window.removeEventListener('pointerdown', this.onWindowPointerDown, true);
    window.removeEventListener('resize', this.onResultsScroll);
    super.disconnectedCallback();
  }

  private onMenuFocusOut(event: FocusEvent): void {
    const to = event.relatedTarget as Node | null;
    const menu = event.currentTarget as HTMLElement;
    // Focus left the menu for elsewhere (Tab, a click outside): close it without pulling focus back.
    if (to && !menu.contains(to)) this.menuFor = undefined;
  }

  private onMenuKeydown(event: KeyboardEvent, row: Row): void {
    this.menus.keydown(event, this.menuItems(), {
      activate: (item) => {
        const action = this.actionsOf(row).find((a) => a.key === item.dataset.key);
        if (action) void this.activate(row, action);
      },
      close: (returnFocus) => {
        if (returnFocus) this.closeMenu();
        else this.menuFor = undefined;
      },
    });
  }

  /** Puts the open menu below its button, in the top layer so no scrolling box clips it. */
  private placeMenu(): void {
    const menu = this.renderRoot.querySelector<HTMLElement>('[role="menu"]');
    const button = menu?.previousElementSibling as HTMLElement | null;
    if (menu && button) this.menus.place(menu, button);
  }

  private async activate(row: Row, action: TargetAction): Promise<void> {
    if (action.disabledReason || this.commands.busy) return;
    const target = row.target;
    switch (action.key) {
      case 'add-favorite':
      case 'remove-favorite':
        this.lists?.toggleFavorite(row.id);
        // Favorites live outside Lit's reactive state.
        this.requestUpdate();
        this.closeMenu();
        return;
      case 'voice-consultation':
      case 'instant-message': {
        if (!target) return;
        const name = action.key === 'voice-consultation' ? 'target-voice-consultation' : 'target-instant-message';
        const detail = this.sessionId ? { sessionId: this.sessionId, target } : { target };
        this.finish(row, () => this.dispatchEvent(workspaceEvent(name, detail)));
        return;
      }
      case 'conference':
      case 'chat-consultation':
      case 'transfer':
        return this.invite(row, action.key === 'chat-consultation' ? 'consultation' : action.key);
    }
  }

  private async invite(row: Row, kind: 'conference' | 'consultation' | 'transfer'): Promise<void> {
    const store = this.activeStore;
    const sessionId = this.sessionId;
    if (!store || !sessionId) return;
    this.error = '';
    const result = await this.commands.run({
      type: 'invite',
      sessionId,
      kind,
      targetId: row.id,
      ...(row.consultationId ? { consultationId: row.consultationId } : {}),
    });
    if (result.ok) {
      this.finish(row);
    } else {
      this.error = this.commands.error;
      this.closeMenu();
    }
  }

  /** The user acted on the target: remember it in Recent and let the host close. */
  private finish(row: Row, notify?: () => void): void {
    if (row.target) {
      this.lists?.recordRecent(row.id);
      this.requestUpdate();
    }
    this.menuFor = undefined;
    notify?.();
    this.dispatchEvent(workspaceEvent('team-communicator-close', { reason: 'action' }));
  }
}

function presenceIcon(presence: PresenceState): TemplateResult {
  // Shapes differ as well as colours, so the icon does not rely on colour alone.
  switch (presence) {
    case 'ready':
      return html`<svg class="icon" viewBox="0 0 12 12" aria-hidden="true"><circle cx="6" cy="6" r="5" fill="currentColor" /></svg>`;
    case 'not-ready':
      return html`<svg class="icon" viewBox="0 0 12 12" aria-hidden="true"><circle cx="6" cy="6" r="5" fill="currentColor" /><rect x="3" y="5" width="6" height="2" fill="var(--_bg)" /></svg>`;
    case 'after-call-work':
      return html`<svg class="icon" viewBox="0 0 12 12" aria-hidden="true"><circle cx="6" cy="6" r="4.6" fill="none" stroke="currentColor" stroke-width="1.6" /><path d="M6 3.2V6l2 1.4" fill="none" stroke="currentColor" stroke-width="1.4" /></svg>`;
    case 'offline':
      return html`<svg class="icon" viewBox="0 0 12 12" aria-hidden="true"><circle cx="6" cy="6" r="4.6" fill="none" stroke="currentColor" stroke-width="1.6" /><path d="M2.8 9.2l6.4-6.4" stroke="currentColor" stroke-width="1.6" /></svg>`;
  }
}
