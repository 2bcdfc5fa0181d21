import type { ReactiveController, TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { KeyedSelectController, SelectorPick } from '../shared/select-controller.js';
import { MenuController } from '../shared/menu-controller.js';
import type { TeamCommunicatorKit as ViewKit } from './view-kit.js';
import type { DirectoryTarget, UserRef } from '../../engine/types.js';
import type { ConsultationVM, DirectoryFilter, WorkspaceStore } from '../../store/types.js';
import { TargetLists, type TargetListStorage } from './favorites.js';
import {
  actionsFor,
  chatUnavailableReason,
  toModeOrBrowse,
  type TargetAction,
  type TargetRowData,
} from './target-actions.js';
import { MORE_RESULTS, RESULT_LIMIT } from './limits.js';
import type { TeamCommunicator } from './team-communicator.js';
import { teamCommunicatorViewStyles } from './team-communicator-view.styles.js';

// What `<team-communicator>` shows and does, loaded by the element when it is first connected
// (see team-communicator.ts): an agent opens it to consult, conference or transfer, so the
// page does not load it before.

// What the view takes from the page (see shared/view-kit.ts for why it is not imported): set
// from the kit before the first view is made.
let addStyles: ViewKit['addStyles'];
let html: ViewKit['html'];
let nothing: ViewKit['nothing'];
let ifDefined: ViewKit['ifDefined'];
let CommandController: ViewKit['CommandController'];
let SelectController: ViewKit['KeyedSelectController'];
let workspaceEvent: ViewKit['workspaceEvent'];
let presenceLabel: ViewKit['presenceLabel'];
let targetKindLabel: ViewKit['targetKindLabel'];
let getLocale: ViewKit['getLocale'];
let agentSelectorsFor: ViewKit['agentSelectorsFor'];
let selectTargets: ViewKit['selectTargets'];
let selectUser: ViewKit['selectUser'];
let MAX_WATCHED_TARGETS: number;
let viewStyles: ReturnType<typeof teamCommunicatorViewStyles>;

/** How long a search may take before the status says "Searching…". */
const SLOW_SEARCH_MS = 400;
/** Keys that act on the result rows (Escape does not: it works on the text; Home and End only with an option active). */
const LIST_KEYS = new Set(['ArrowDown', 'ArrowUp', 'Enter']);

const NO_TARGETS: Readonly<Record<string, DirectoryTarget>> = Object.freeze({});
const NO_CONSULTATIONS: ConsultationVM[] = [];
const noArgs = (): [] => [];
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

/** The results shown: the pages the backend gave for one query and filter. */
interface Results {
  query: string;
  filter: DirectoryFilter;
  targets: DirectoryTarget[];
  total: number;
}

/** A search asked of the store and not answered yet. */
interface Asked {
  store: WorkspaceStore;
  query: string;
  filter: DirectoryFilter;
}

// Only to match a consultation peer's name to the query (the backend searches the
// directory): lower case without diacritics, split into words.
const MARKS = /\p{M}+/gu;
const SEPARATORS = /[^\p{L}\p{N}]+/u;
function words(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(MARKS, '')
    .toLowerCase()
    .split(SEPARATORS)
    .filter((w) => w.length > 0);
}

let instances = 0;

/** What the view needs of its element beyond the public properties. */
export interface ViewAccess {
  /** The store in effect (the property, else the context's). */
  store(): WorkspaceStore | undefined;
  /** The element's own `updateComplete`, without the answers the view waits for. */
  rendered(): Promise<boolean>;
}

/** Makes the view of `host`, taking what it needs of the page from `kit` (the first time). */
export function createTeamCommunicatorView(host: TeamCommunicator, access: ViewAccess, kit: ViewKit): TeamCommunicatorView {
  if (!html) {
    ({ addStyles, html, nothing, ifDefined, CommandController, workspaceEvent, presenceLabel, targetKindLabel, getLocale, agentSelectorsFor, selectTargets, selectUser, MAX_WATCHED_TARGETS } = kit);
    SelectController = kit.KeyedSelectController;
    viewStyles = teamCommunicatorViewStyles(kit.css);
    // The view's state, kept by its fields; a change re-renders the element.
    kit.renderOnChange(TeamCommunicatorView.prototype, ['query', 'filter', 'activeId', 'menuFor', 'error', 'results', 'searchState', 'loadingMore']);
  }
  return new TeamCommunicatorView(host, access);
}

/**
 * The Team Communicator's search, lists, keyboard model, action menus and render, as a
 * controller of its element. See `TeamCommunicator` for what it does. Its template's
 * listeners are arrow-function fields: Lit calls a listener with the element as `this`.
 */
class TeamCommunicatorView implements ReactiveController {
  private query = '';
  private filter: DirectoryFilter = 'all';
  private activeId?: string;
  private menuFor?: string;
  private error = '';
  private results?: Results;
  /** The latest search is slow (status "Searching…") or failed (status says why). */
  private searchState: 'idle' | 'slow' | 'failed-offline' | 'failed' = 'idle';
  private loadingMore = false;
  private readonly commands: InstanceType<ViewKit['CommandController']> = new CommandController(this.host, this.access.store);
  private readonly menus = new MenuController(this.host);

  private readonly targets = this.bind(noArgs, () => selectTargets, NO_TARGETS);
  private readonly user = this.bind(noArgs, () => selectUser, undefined);
  private readonly consultations = this.bind(
    () => [this.host.sessionId] as [string | undefined],
    (s, id) => (id ? agentSelectorsFor(s).selectActiveConsultations(id) : () => NO_CONSULTATIONS),
    NO_CONSULTATIONS,
  );
  private shown = false;
  private lists?: TargetLists;
  private listsOwner?: { userId: string; storage: TargetListStorage | null | undefined };
  private menuOpener: 'combobox' | 'button' = 'button';
  private readonly uid = `tc${++instances}`;
  private rows: Row[] = [];
  /** The search asked last (a new one when the query, filter or store changes). */
  private asked?: Asked;
  /** Answers not in yet that `updateComplete` waits for: the latest search, and watch calls. */
  private readonly inFlight = new Set<Promise<unknown>>();
  /** The latest search, the one `updateComplete` waits for: an older one no longer counts. */
  private searching?: Promise<unknown>;
  private slowTimer?: ReturnType<typeof setTimeout>;
  /** List keys pressed before the latest search was answered, waiting for it. */
  private heldKeys?: Promise<void>;
  /** The watch set this element last gave its store. */
  private watching?: { store: WorkspaceStore; key: string };

  constructor(
    private readonly host: TeamCommunicator,
    private readonly access: ViewAccess,
  ) {
    addStyles(host, viewStyles);
    host.addController(this);
    host.requestUpdate();
  }

  /** Moves focus to the search box. */
  focusSearch(): void {
    this.searchBox?.focus();
  }

  private get searchBox(): HTMLInputElement | null {
    return this.host.renderRoot.querySelector<HTMLInputElement>('input[role="combobox"]');
  }

  /** Waits for the latest search's answer and the watch answers to be shown (the element's `updateComplete`). */
  async settled(done: boolean): Promise<boolean> {
    while (this.inFlight.size > 0) {
      await Promise.all([...this.inFlight]);
      done = await this.access.rendered();
    }
    return done;
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    const settled = promise.finally(() => this.inFlight.delete(settled));
    this.inFlight.add(settled);
    return promise;
  }

  /** The element's own render, not the answers it waits for (for code that is itself awaited). */
  private rendered(): Promise<boolean> {
    return this.access.rendered();
  }

  // The element's willUpdate has run; the select controllers (added first) are current.
  hostUpdate(): void {
    this.bindLists(this.user.value);
    this.searchIfChanged();
  }

  hostUpdated(): void {
    if (!this.shown) {
      // The first render with the view in it (the element's first render may have come before the view).
      this.shown = true;
      if (this.host.hasAttribute('autofocus')) this.focusSearch();
    }
    // Keep the active option in view as the arrow keys move through a scrolled list.
    if (this.activeId) this.host.renderRoot.querySelector(`#${this.activeId}`)?.scrollIntoView?.({ block: 'nearest' });
    if (this.menuFor) {
      this.placeMenu();
      this.menus.watchOutside(() => (this.menuFor = undefined));
    } else {
      this.menus.unwatch();
    }
    this.watchShown();
  }

  private bindLists(user: UserRef | undefined): void {
    if (!user) {
      this.lists = undefined;
      this.listsOwner = undefined;
      return;
    }
    if (this.listsOwner?.userId === user.id && this.listsOwner.storage === this.host.storage) return;
    this.lists = new TargetLists(this.host.storage === undefined ? { userId: user.id } : { userId: user.id, storage: this.host.storage });
    this.listsOwner = { userId: user.id, storage: this.host.storage };
  }

  // -------------------------------------------------------------------------
  // Searching through the store

  /** Asks for the first page when the query, the filter or the store changed since the last search. */
  private searchIfChanged(): void {
    const store = this.access.store();
    const query = this.query.trim();
    const filter = this.filter;
    // A type chosen with nothing typed browses that type (by name); "All" shows the lists.
    if (!store || (query === '' && filter === 'all')) {
      if (this.asked) this.stopSearching();
      this.results = undefined;
      return;
    }
    const asked = this.asked;
    if (asked && asked.store === store && asked.query === query && asked.filter === filter) return;
    const ask: Asked = { store, query, filter };
    this.asked = ask;
    this.loadingMore = false;
    clearTimeout(this.slowTimer);
    if (this.searchState !== 'slow') this.slowTimer = setTimeout(() => this.asked === ask && (this.searchState = 'slow'), SLOW_SEARCH_MS);
    if (this.searching) this.inFlight.delete(this.searching);
    const answered = store.searchDirectory({ query, filter, offset: 0, limit: RESULT_LIMIT }).then((answer) => {
      // Only the latest search may show: an older answer that arrives late is dropped.
      if (this.asked !== ask) return;
      clearTimeout(this.slowTimer);
      if (answer.ok) {
        this.results = { query, filter, targets: answer.page.targets, total: answer.page.total };
        this.searchState = 'idle';
      } else {
        // The previous results stay; the status says the search failed (typing asks again).
        this.searchState = answer.error.code === 'not-connected' ? 'failed-offline' : 'failed';
      }
    });
    const searching = answered.finally(() => {
      this.inFlight.delete(searching);
      if (this.searching === searching) this.searching = undefined;
    });
    this.searching = searching;
    this.inFlight.add(searching);
  }

  private stopSearching(): void {
    this.asked = undefined;
    clearTimeout(this.slowTimer);
    this.searchState = 'idle';
    this.loadingMore = false;
  }

  /** Whether more results of the current search can be asked for. */
  private canLoadMore(): boolean {
    const results = this.results;
    const ask = this.asked;
    return Boolean(results && ask && results.query === ask.query && results.filter === ask.filter && results.targets.length < results.total);
  }

  /** Asks for the next page of the results shown and appends it. */
  private async loadMore(): Promise<boolean> {
    const results = this.results;
    const ask = this.asked;
    if (!results || !ask || this.loadingMore || !this.canLoadMore()) return false;
    this.loadingMore = true;
    const answer = await ask.store.searchDirectory({ query: results.query, filter: results.filter, offset: results.targets.length, limit: MORE_RESULTS });
    if (this.asked !== ask || this.results !== results) return false;
    this.loadingMore = false;
    if (!answer.ok) {
      this.searchState = answer.error.code === 'not-connected' ? 'failed-offline' : 'failed';
      return false;
    }
    // A target the directory moved between pages is listed once.
    const have = new Set(results.targets.map((t) => t.id));
    this.results = { ...results, targets: [...results.targets, ...answer.page.targets.filter((t) => !have.has(t.id))], total: answer.page.total };
    return true;
  }

  /**
   * Tells the store what this element shows (Favorites, Recent, the results), so their
   * presence stays current; the store adds the parties of the user's sessions.
   */
  private watchShown(): void {
    const store = this.access.store();
    if (!store || !this.host.isConnected) return;
    const ids = new Set<string>();
    if (this.lists) {
      for (const id of this.lists.favoriteIds) ids.add(id);
      for (const id of this.lists.recentIds) ids.add(id);
    }
    for (const t of this.results?.targets ?? []) ids.add(t.id);
    // Favorites and Recent first, then the results, as many as one watch list may hold.
    const list = [...ids].slice(0, MAX_WATCHED_TARGETS);
    const key = list.join('\n');
    if (this.watching?.store === store && this.watching.key === key) return;
    if (this.watching && this.watching.store !== store) void this.watching.store.watchTargets([], this.uid);
    this.watching = { store, key };
    void this.track(store.watchTargets(list, this.uid));
  }

  hostConnected(): void {
    window.addEventListener('pointerdown', this.onWindowPointerDown, true);
    window.addEventListener('resize', this.onResultsScroll);
    // Moved in the page: watch again what it shows.
    if (this.host.hasUpdated) this.host.requestUpdate();
  }

  hostDisconnected(): void {
    window.removeEventListener('pointerdown', this.onWindowPointerDown, true);
    window.removeEventListener('resize', this.onResultsScroll);
    clearTimeout(this.slowTimer);
    if (this.searchState === 'slow') this.searchState = 'idle';
    // What it showed is no longer looked at: the store may stop following it.
    if (this.watching) void this.watching.store.watchTargets([], this.uid);
    this.watching = undefined;
  }

  // -------------------------------------------------------------------------
  // What to show

  private rowOf(target: DirectoryTarget, section: SectionKey, i: number): Row {
    const row: Row = { domId: `${this.uid}-${section}-${i}`, id: target.id, name: target.name, kind: target.kind, target };
    if (target.number) row.number = target.number;
    if (target.kind === 'agent') row.presence = { chat: target.presence.chat, voice: target.presence.voice };
    return row;
  }

  private sections(): { sections: Section[]; total: number; shown: number } {
    const sections: Section[] = [];
    const me = this.user.value?.id;
    const query = this.query.trim();
    const cache = this.targets.value;
    const fits = (t: DirectoryTarget) => t.id !== me && (this.filter === 'all' || t.kind === this.filter);

    if (this.host.mode === 'conference' && this.host.sessionId && (this.filter === 'all' || this.filter === 'agent')) {
      const tokens = words(query);
      const rows: Row[] = [];
      for (const c of this.consultations.value) {
        const peer = c.peer;
        if (!peer) continue;
        const names = words(peer.name);
        if (!tokens.every((t) => names.some((w) => w.startsWith(t)))) continue;
        // The store follows the presence of the parties of the user's sessions.
        const target = cache[peer.userId];
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
    const browsing = query === '' && this.filter !== 'all';
    if (query === '' && this.lists) {
      // Resolved through the watch answers: a target the directory no longer has is not shown.
      const listed = (ids: readonly string[], key: SectionKey) => {
        const rows: Row[] = [];
        for (const id of ids) {
          const t = cache[id];
          if (t && fits(t)) rows.push(this.rowOf(t, key, rows.length));
        }
        return rows;
      };
      const favorites = listed(this.lists.favoriteIds, 'favorites');
      const recent = listed(this.lists.recentIds, 'recent');
      if (favorites.length) sections.push({ key: 'favorites', label: msg('Favorites'), rows: favorites });
      if (recent.length) sections.push({ key: 'recent', label: msg('Recent'), rows: recent });
    }
    const results = this.results;
    if ((query !== '' || browsing) && results) {
      total = results.total;
      shown = results.targets.length;
      // Browsing lists Favorites and Recent first; their targets are not repeated below.
      const listed = browsing ? new Set(sections.flatMap((section) => section.rows.map((r) => r.id))) : undefined;
      const rows: Row[] = [];
      for (const given of results.targets) {
        if (listed?.has(given.id)) continue;
        // The cache holds the presence pushed since the page came.
        rows.push(this.rowOf(cache[given.id] ?? given, 'results', rows.length));
      }
      if (rows.length) sections.push({ key: 'results', label: msg('Search results'), rows });
    }
    return { sections, total, shown };
  }

  // -------------------------------------------------------------------------
  // Rendering

  private statusText(searching: boolean, total: number): string {
    switch (this.searchState) {
      case 'slow':
        return msg('Searching…');
      case 'failed-offline':
        return msg('Cannot search while disconnected. Type again to retry.');
      case 'failed':
        return msg('The search failed. Type again to retry.');
    }
    if (!searching || !this.results) return '';
    return total === 0 ? msg('No results') : total === 1 ? msg('1 result') : msg(str`${total.toLocaleString(getLocale())} results`);
  }

  render(): TemplateResult {
    const { sections, total, shown } = this.sections();
    this.rows = sections.flatMap((s) => s.rows);
    if (this.activeId && !this.rows.some((r) => r.domId === this.activeId)) this.activeId = undefined;
    if (this.menuFor && !this.rows.some((r) => r.domId === this.menuFor)) this.menuFor = undefined;
    const listboxId = `${this.uid}-listbox`;
    const expanded = this.rows.length > 0;
    const searching = this.query.trim() !== '' || this.filter !== 'all';
    const rowCount = sections.reduce((n, s) => n + 1 + s.rows.length, 0);
    const span = `grid-row: 1 / span ${Math.max(rowCount, 1)}`;
    const menuRow = this.menuFor ? this.rows.find((r) => r.domId === this.menuFor) : undefined;
    const more = searching && this.canLoadMore();

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
          aria-busy=${this.searchState === 'slow' ? 'true' : 'false'}
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
      <div id="${this.uid}-status" part="status" class="status" role="status">${this.statusText(searching, total)}</div>
      <div part="error" class="error" role="alert">${this.error}</div>
      <div class="results" ?hidden=${!expanded} @scroll=${this.onResultsScroll}>
        <div
          id=${listboxId}
          part="listbox"
          class="listbox"
          role="listbox"
          aria-label=${msg('Internal targets')}
          style=${span}
          @pointerdown=${this.onListPointerDown}
          @click=${this.onListClick}
        >
          ${sections.map((s) => this.renderGroup(s))}
        </div>
        <div class="actions" style=${span} @click=${this.onActionsClick}>
          ${sections.map((s) => html`<div class="spacer" aria-hidden="true"></div>${s.rows.map((r) => this.renderActionCell(r, s, sections))}`)}
        </div>
      </div>
      ${menuRow ? this.renderMenu(menuRow, `${menuRow.domId}-menu`) : nothing}
      ${more
        ? html`<div class="more-row">
            <p class="more" part="more">${msg(str`Showing ${shown.toLocaleString(getLocale())} of ${total.toLocaleString(getLocale())}`)}</p>
            <button part="more-button" class="more-button" ?disabled=${this.loadingMore} @click=${this.onMoreClick}>${msg('Show more results')}</button>
          </div>`
        : nothing}
      ${!expanded && !searching ? html`<p class="hint">${msg('Type a name or number to find an agent, routing point or queue.')}</p>` : nothing}
    `;
  }

  private renderGroup(section: Section): TemplateResult {
    const labelId = `${this.uid}-${section.key}-label`;
    return html`<div role="group" class="group" aria-labelledby=${labelId} style="grid-row: span ${section.rows.length + 1}">
      <div id=${labelId} part="section-label" class="section-label" role="presentation">${section.label}</div>
      ${section.rows.map((row) => this.renderOption(row))}
    </div>`;
  }

  /**
   * One template for every row, with no nested templates: rows are reused in place from
   * keystroke to keystroke and only their texts and classes change. The presence icon is
   * one SVG holding every shape; the row's presence class shows the right ones. An empty
   * number or reason, and the presence of a queue (`none`), are hidden by the styles, so a
   * row has no binding only to hide them.
   */
  private renderOption(row: Row): TemplateResult {
    const active = row.domId === this.activeId;
    const reason = this.host.mode !== 'browse' ? chatUnavailableReason(row) : undefined;
    const presence = row.presence?.chat;
    return html`<div id=${row.domId} part="option" class=${active ? 'option active' : 'option'} role="option" aria-selected=${active ? 'true' : 'false'}>
      <span class="name">${row.name}</span>
      <span class="meta"
        ><span class="kind">${targetKindLabel(row.kind)}</span
        ><span part="presence" class="presence ${presence ?? 'none'}"
          ><svg class="icon" viewBox="0 0 12 12" aria-hidden="true">
            <circle class="disc" cx="6" cy="6" r="5" fill="currentColor" />
            <rect class="bar" x="3" y="5" width="6" height="2" fill="var(--_bg)" />
            <circle class="ring" cx="6" cy="6" r="4.6" fill="none" stroke="currentColor" stroke-width="1.6" />
            <path class="hands" d="M6 3.2V6l2 1.4" fill="none" stroke="currentColor" stroke-width="1.4" />
            <path class="slash" d="M2.8 9.2l6.4-6.4" stroke="currentColor" stroke-width="1.6" /></svg
          ><span>${presence ? presenceLabel(presence) : ''}</span></span
        ><span class="number">${row.number ?? ''}</span></span
      >
      <span class="reason">${reason ?? ''}</span>
    </div>`;
  }

  /**
   * "Actions for Jim Miller" for the first place Jim stands; when he stands again in a
   * later section (Active Consultations, then Recent, say) that button names its section
   * too, so every button has a name of its own and the first keeps the plain one.
   */
  private actionsName(row: Row, section: Section, sections: readonly Section[]): string {
    const at = sections.indexOf(section);
    for (let i = 0; i < at; i++) {
      if (sections[i]!.rows.some((r) => r.id === row.id)) return msg(str`Actions for ${row.name} (${section.label})`);
    }
    return msg(str`Actions for ${row.name}`);
  }

  private renderActionCell(row: Row, section: Section, sections: readonly Section[]): TemplateResult {
    const open = this.menuFor === row.domId;
    const active = row.domId === this.activeId;
    return html`<div class=${active ? 'action-cell active' : 'action-cell'}>
      <button
        id="${row.domId}-button"
        part="action-button"
        class="action-button"
        tabindex=${active ? '0' : '-1'}
        aria-haspopup="menu"
        aria-expanded=${open ? 'true' : 'false'}
        aria-controls=${ifDefined(open ? `${row.domId}-menu` : undefined)}
        aria-label=${this.actionsName(row, section, sections)}
      >
        <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true"><path d="M3.5 6l4.5 4.5L12.5 6" fill="none" stroke="currentColor" stroke-width="1.8" /></svg>
      </button>
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
    return actionsFor(toModeOrBrowse(this.host.mode), row, {
      hasSession: Boolean(this.host.sessionId),
      favorite: this.lists?.isFavorite(row.id) ?? false,
    });
  }

  /** The row of an option or action button an event came from (one listener for all rows). */
  private rowFrom(event: Event, selector: string, suffix = ''): Row | undefined {
    const el = (event.target as Element | null)?.closest?.(selector);
    if (!el) return undefined;
    const id = suffix ? el.id.slice(0, -suffix.length) : el.id;
    return this.rows.find((r) => r.domId === id);
  }

  private readonly onListPointerDown = (event: PointerEvent): void => {
    // A click on an option keeps focus in the search box.
    if ((event.target as Element | null)?.closest?.('[role="option"]')) event.preventDefault();
  };

  private readonly onListClick = (event: MouseEvent): void => {
    const row = this.rowFrom(event, '[role="option"]');
    if (row) this.onOptionClick(row);
  };

  private readonly onActionsClick = (event: MouseEvent): void => {
    const row = this.rowFrom(event, 'button.action-button', '-button');
    if (row) this.toggleMenu(row, 'button');
  };

  private readonly resultRows = () => this.rows.filter((r) => r.domId.startsWith(`${this.uid}-results-`));

  /** "Show more results". */
  private readonly onMoreClick = (): void => {
    void this.track(this.showMore());
  };

  /**
   * Loads the next page, then makes its first result the active option with focus in the
   * search box, where the arrow keys go on from it (the button may be gone: all are shown).
   */
  private async showMore(): Promise<void> {
    const firstNew = this.resultRows().length;
    if (!(await this.loadMore())) return;
    await this.rendered();
    const row = this.resultRows()[firstNew];
    if (row) this.activeId = row.domId;
    this.focusSearch();
  }

  // -------------------------------------------------------------------------
  // Search box (combobox)

  private readonly onInput = (event: Event): void => {
    this.query = (event.target as HTMLInputElement).value;
    this.activeId = undefined;
    this.error = '';
    this.retryFailedSearch();
  };

  private setFilter(filter: DirectoryFilter): void {
    this.filter = filter;
    this.activeId = undefined;
    this.retryFailedSearch();
  }

  /** After a failed search, the next keystroke asks again even for the same text. */
  private retryFailedSearch(): void {
    if (this.searchState === 'failed' || this.searchState === 'failed-offline') {
      this.asked = undefined;
      this.searchState = 'idle';
    }
  }

  private readonly onSearchKeydown = (event: KeyboardEvent): void => {
    const listKey = LIST_KEYS.has(event.key) || ((event.key === 'Home' || event.key === 'End') && this.activeId !== undefined);
    if (listKey && (this.heldKeys || this.showsOlderResults())) {
      // Someone who types "Jim", ArrowDown, Enter means Jim: keys pressed before the answer
      // to the latest text is shown wait for it, in order, instead of acting on older rows.
      event.preventDefault();
      const key = event.key;
      const held = (this.heldKeys ?? Promise.resolve())
        .then(() => this.latestShown())
        .then(() => {
          if (!this.showsOlderResults()) this.onListKey(key);
        });
      const tracked: Promise<void> = held.finally(() => {
        if (this.heldKeys === tracked) this.heldKeys = undefined;
      });
      this.heldKeys = tracked;
      void this.track(tracked);
      return;
    }
    this.onListKey(event.key, event);
  };

  /** Whether the rows shown answer older text or another filter than the search under way. */
  private showsOlderResults(): boolean {
    const ask = this.asked;
    const results = this.results;
    return Boolean(ask && this.searching && !(results && results.query === ask.query && results.filter === ask.filter));
  }

  /** Resolves once no search is under way and what it brought is rendered. */
  private async latestShown(): Promise<void> {
    while (this.searching) await this.searching;
    await this.rendered();
  }

  private onListKey(key: string, event?: KeyboardEvent): void {
    const rows = this.rows;
    const at = rows.findIndex((r) => r.domId === this.activeId);
    const move = (i: number) => {
      event?.preventDefault();
      if (!rows.length) return;
      this.activeId = rows[Math.max(0, Math.min(rows.length - 1, i))]!.domId;
    };
    switch (key) {
      case 'ArrowDown':
        if (at >= 0 && at === rows.length - 1 && this.canLoadMore()) {
          // Past the last result loaded: load the next page and go on to its first.
          event?.preventDefault();
          void this.track(
            this.loadMore().then(async (loaded) => {
              if (!loaded) return;
              await this.rendered();
              const next = this.rows[at + 1];
              if (next) this.activeId = next.domId;
            }),
          );
          return;
        }
        return move(at < 0 ? 0 : at + 1);
      case 'ArrowUp':
        return move(at < 0 ? rows.length - 1 : at - 1);
      case 'Home':
      case 'End':
        // With no active option these keys move the caret in the text, as in any text box.
        if (at < 0) return;
        return move(key === 'Home' ? 0 : rows.length - 1);
      case 'Enter': {
        if (at < 0) return;
        event?.preventDefault();
        this.openMenu(rows[at]!, 'combobox');
        return;
      }
      case 'Escape':
        event?.preventDefault();
        if (this.query) {
          this.query = '';
          this.activeId = undefined;
          this.error = '';
        } else {
          this.host.dispatchEvent(workspaceEvent('team-communicator-close', { reason: 'cancel' }));
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
    await this.host.updateComplete;
    const items = this.menuItems();
    (focus === 'first' ? items[0] : items[items.length - 1])?.focus();
  }

  private closeMenu(returnFocus = true): void {
    const row = this.rows.find((r) => r.domId === this.menuFor);
    this.menuFor = undefined;
    if (!returnFocus) return;
    if (this.menuOpener === 'combobox' || !row) this.focusSearch();
    else this.host.renderRoot.querySelector<HTMLButtonElement>(`#${row.domId}-button`)?.focus();
  }

  private menuItems(): HTMLElement[] {
    return [...this.host.renderRoot.querySelectorAll<HTMLElement>('[role="menu"] [role="menuitem"]')];
  }

  private readonly onResultsScroll = (): void => {
    if (this.menuFor) this.placeMenu();
  };

  private readonly onWindowPointerDown = (event: PointerEvent): void => {
    if (!this.menuFor) return;
    const menu = this.host.renderRoot.querySelector('[role="menu"]');
    const button = this.host.renderRoot.querySelector(`#${this.menuFor}-button`);
    const path = event.composedPath();
    if (menu && !path.includes(menu) && !(button && path.includes(button))) this.menuFor = undefined;
  };

  private readonly onMenuFocusOut = (event: FocusEvent): void => {
    const to = event.relatedTarget as Node | null;
    const menu = event.currentTarget as HTMLElement;
    // Focus left the menu for elsewhere (Tab, a click outside): close it without pulling focus back.
    if (to && !menu.contains(to)) this.menuFor = undefined;
  };

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
    const menu = this.host.renderRoot.querySelector<HTMLElement>('[role="menu"]');
    const button = this.menuFor ? this.host.renderRoot.querySelector<HTMLElement>(`#${this.menuFor}-button`) : null;
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
        this.host.requestUpdate();
        this.closeMenu();
        return;
      case 'voice-consultation':
      case 'instant-message': {
        if (!target) return;
        const name = action.key === 'voice-consultation' ? 'target-voice-consultation' : 'target-instant-message';
        const detail = this.host.sessionId ? { sessionId: this.host.sessionId, target } : { target };
        this.finish(row, () => this.host.dispatchEvent(workspaceEvent(name, detail)));
        return;
      }
      case 'conference':
      case 'chat-consultation':
      case 'transfer':
        return this.invite(row, action.key === 'chat-consultation' ? 'consultation' : action.key);
    }
  }

  private async invite(row: Row, kind: 'conference' | 'consultation' | 'transfer'): Promise<void> {
    const store = this.access.store();
    const sessionId = this.host.sessionId;
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
      this.host.requestUpdate();
    }
    this.menuFor = undefined;
    notify?.();
    this.host.dispatchEvent(workspaceEvent('team-communicator-close', { reason: 'action' }));
  }

  private bind<T, A extends unknown[]>(args: () => A, select: SelectorPick<T, A>, initial: T): KeyedSelectController<T, A> {
    return new SelectController<T, A>(this.host, { store: this.access.store, args, select, initial });
  }
}

export type { TeamCommunicatorView };
