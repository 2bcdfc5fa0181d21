import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { repeat } from 'lit/directives/repeat.js';
import { localized, msg, str } from '@lit/localize';
import { StoreElement } from '../shared/store-element.js';
import { workspaceEvent } from '../shared/events.js';
import { partyStateLabel } from '../shared/labels.js';
import { clampLevel, headingLevel } from '../shared/heading.js';
import { CommandController } from '../shared/command-controller.js';
import { claimFocus, registerWindow, windowsOf, type FocusTarget } from '../shared/focus-handoff.js';
import { selectConfig, selectConnection, selectUser } from '../../store/selectors.js';
import type { Command, InvitationView, PartyView } from '../../engine/types.js';
import type { InteractionVM, WorkspaceState, WorkspaceStore } from '../../store/types.js';
import { chatInteractionStyles } from './chat-interaction.styles.js';
import { nextToolbarIndex } from './roving-focus.js';
import { partyStateIcon } from './party-icon.js';
import { loadConsultationPanel } from './consultation-panel-loader.js';
import { loadTeamCommunicatorView } from '../team-communicator/team-communicator.js';
import { prefixed, tagPrefix } from '../shared/tags.js';

/** The Team Communicator modes the toolbar opens. */
export type CommunicatorMode = 'conference' | 'consultation' | 'transfer';
type ToolKey = CommunicatorMode | 'end' | 'done';

interface Tool {
  key: ToolKey;
  label: string;
  enabled: boolean;
}

const selectInvitations = (state: WorkspaceState): WorkspaceState['invitations'] => state.invitations;

/**
 * A consultation this user takes part in without seeing its interaction (the consulted
 * agent's side): the window shows it on its own. With an id, that session if it is a
 * consultation; without, the newest such consultation.
 */
function standaloneConsultation(id: string | undefined): (state: WorkspaceState) => string | undefined {
  return (state) => {
    if (id) return state.sessions[id]?.kind === 'consultation' ? id : undefined;
    let newest: { id: string; createdAt: number } | undefined;
    for (const s of Object.values(state.sessions)) {
      if (s.kind !== 'consultation' || (s.parentId && state.sessions[s.parentId])) continue;
      if (!newest || s.createdAt > newest.createdAt) newest = s;
    }
    return newest?.id;
  };
}

let windowCount = 0;

/**
 * One chat interaction window: header with case information, parties with their
 * states and party action menus, the interaction toolbar (Instant Chat Conference,
 * Start Consultation, Instant Chat Transfer, End, Done) opening the Team Communicator,
 * pending outgoing invitations, the transcript and composer, consultation panels,
 * and the Dispositions view once the user's part has ended.
 *
 * Without `session-id` it shows the user's newest interaction. A consultation whose
 * interaction the user cannot see (the consulted agent's side) is shown on its own, as is
 * a consultation named by `session-id`. A contact's own view offers End only.
 *
 * @tag chat-interaction
 * @fires interaction-done - Done was pressed and accepted: `{ sessionId }`; the host may close the window.
 * @csspart header - title, state and case information
 * @csspart title - the contact's name
 * @csspart state - the interaction's state as text
 * @csspart case-information - the collapsible case information
 * @csspart toolbar - the interaction toolbar
 * @csspart team-communicator-popover - the panel holding the Team Communicator
 * @csspart parties - the list of parties
 * @csspart outgoing - pending invitations this user started
 * @csspart announcement - polite status line (invitation rejected or not answered)
 * @csspart contact-left - "<contact> has left — End to wrap up" while this agent is still connected
 * @csspart connection - the "Reconnecting…" banner
 * @csspart transcript - the interaction transcript
 * @csspart composer - the interaction composer
 * @csspart dispositions - the Dispositions view (ended state)
 * @csspart consultations - the consultation panels
 * @csspart error - the error line of a refused command
 * @cssprop --wc-interaction-transcript-size - block size of the interaction transcript (320px)
 * @cssprop --wc-consultation-transcript-size - block size of each consultation transcript (200px)
 * @cssprop --wc-background - window background (and the other --wc-* theme tokens)
 */
@localized()
export class ChatInteraction extends StoreElement implements FocusTarget {
  static override styles = chatInteractionStyles;

  /** The interaction shown; when absent, the user's newest interaction. */
  @property({ attribute: 'session-id', reflect: true }) sessionId?: string;

  /** Overrides the configured disposition style: `list` (drop-down) or `radio`. */
  @property({ attribute: 'disposition-style' }) dispositionStyle?: string;

  /** `light`, `dark` or `auto`; passed on to the inner elements. */
  @property({ reflect: true }) theme?: string;

  /**
   * The level of the window's title (1–6, default 2), to fit the host's outline: its
   * sections (Case Information, Dispositions, consultations) are one level below.
   */
  @property({ attribute: 'heading-level' }) headingLevel: number | string = 2;

  /**
   * Where focus goes after Done when no other interaction window of the same store is open:
   * a selector in the host's tree (the window's root node), e.g. the presence control
   * (`#presence`). Without it, or when nothing matches, the host gets `interaction-done`
   * and decides. When another window is open, focus goes to it.
   */
  @property({ attribute: 'focus-after-done' }) focusAfterDone?: string;

  /** The clock consultation timers read (engine time, ms since epoch); tests and stories fix it. */
  @property({ attribute: false }) now: () => number = () => Date.now();

  @state() private caseOpen = true;
  @state() private communicator?: CommunicatorMode;
  @state() private activeTool: ToolKey = 'conference';
  @state() private saved = false;
  @state() private announcement = '';
  @state() private draftCode = '';
  @state() private draftNote = '';

  private readonly interaction = this.selectKeyed(
    () => [this.sessionId] as const,
    (s, id) => (id ? s.selectInteraction(id) : (state: WorkspaceState) => s.selectInteractions(state)[0]),
    undefined as InteractionVM | undefined,
  );
  private readonly consultationOnly = this.selectKeyed(() => [this.sessionId] as const, (_s, id) => standaloneConsultation(id), undefined as string | undefined);
  private boundSession?: string | null;
  private readonly user = this.select(selectUser, undefined);
  private readonly config = this.select(selectConfig, undefined);
  private readonly connection = this.select(selectConnection, { status: 'idle' });
  private readonly invitations = this.select(selectInvitations, {});

  private readonly uid = `interaction-${++windowCount}`;
  private draftFor?: string;
  /** Outgoing invitations seen pending, so their refusal is announced once. */
  private readonly watched = new Set<string>();
  private communicatorOpener?: ToolKey;

  private get vm(): InteractionVM | undefined {
    return this.interaction.value;
  }

  // ---------------------------------------------------------------------------
  // Focus hand-off (an accepted preview gives focus to the new window; Done passes it on)

  private unregister?: () => void;
  private registeredWith?: WorkspaceStore;
  private focusedSession?: string;

  /** The session this window shows now: its interaction, or a consultation shown on its own. */
  get focusSessionId(): string | undefined {
    return this.vm?.session.id ?? this.consultationOnly.value;
  }

  /** Focuses the window's composer when it can be used, else its title. */
  takeFocus(): void {
    void this.updateComplete.then(async () => {
      const panel = this.renderRoot.querySelector<HTMLElement & { updateComplete?: Promise<unknown> }>('.standalone');
      if (panel) await panel.updateComplete;
      const root = panel?.shadowRoot ?? this.renderRoot;
      const composer = root.querySelector<HTMLElement & { disabled?: boolean; updateComplete?: Promise<unknown> }>('[part=composer]');
      if (composer && !composer.disabled) {
        await composer.updateComplete;
        composer.focus();
        return;
      }
      const title = root.querySelector<HTMLElement>('[data-window-title]');
      title?.focus();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unregister?.();
    this.unregister = undefined;
    this.registeredWith = undefined;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const store = this.activeStore;
    if (store !== this.registeredWith) {
      this.unregister?.();
      this.unregister = store ? registerWindow(store, this) : undefined;
      this.registeredWith = store;
    }
    const shown = this.focusSessionId;
    if (shown !== this.focusedSession) {
      this.focusedSession = shown;
      if (store && shown && claimFocus(store, shown)) this.takeFocus();
    }
  }

  /** After Done: the next window of the same store (else the previous), else `focus-after-done`. */
  private passFocusOn(root: Document | ShadowRoot): void {
    const store = this.activeStore;
    const others = (store ? windowsOf(store) : [])
      .filter(
        (w): w is FocusTarget & HTMLElement =>
          w !== this && w instanceof HTMLElement && w.isConnected && w.getRootNode() === root && w.focusSessionId !== undefined,
      )
      .sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    const next = (this.isConnected ? others.find((w) => this.compareDocumentPosition(w) & Node.DOCUMENT_POSITION_FOLLOWING) : undefined) ?? others[0];
    if (next) {
      next.takeFocus();
      return;
    }
    if (this.focusAfterDone) {
      let target: HTMLElement | null = null;
      try {
        target = root.querySelector<HTMLElement>(this.focusAfterDone);
      } catch {
        // Not a valid selector: the host decides on interaction-done.
      }
      target?.focus();
    }
  }

  protected override willUpdate(): void {
    if (this.boundSession !== (this.sessionId ?? null)) this.bindInteraction();
    const vm = this.vm;
    if ((vm && vm.consultations.length > 0) || (!vm && this.consultationOnly.value)) void loadConsultationPanel(tagPrefix(this));
    if (vm && vm.session.id !== this.draftFor) {
      this.draftFor = vm.session.id;
      this.draftCode = vm.session.wrapUp?.dispositionCode ?? '';
      this.draftNote = vm.session.wrapUp?.note ?? '';
      this.saved = false;
    }
    this.watchInvitations(vm?.session.id);
    if (this.communicator && !this.toolEnabled(this.communicator)) this.communicator = undefined;
  }

  /** Another session: its own notices (the keyed selectors rebind themselves). */
  private bindInteraction(): void {
    this.boundSession = this.sessionId ?? null;
    this.commands.clear();
    this.announcement = '';
    this.communicator = undefined;
    this.watched.clear();
  }

  private watchInvitations(sessionId: string | undefined): void {
    const me = this.user.value?.id;
    if (!sessionId || !me) return;
    for (const inv of Object.values(this.invitations.value)) {
      if (inv.sessionId !== sessionId || inv.from.id !== me) continue;
      if (inv.state === 'pending') {
        // A new request supersedes the outcome of the last one.
        if (!this.watched.has(inv.id)) this.announcement = '';
        this.watched.add(inv.id);
      } else if (this.watched.delete(inv.id)) {
        // A cancelled request says nothing and clears what an earlier one said.
        this.announcement = refusalText(inv) ?? '';
      }
    }
  }

  // ---------------------------------------------------------------------------
  // Commands

  private readonly commands = new CommandController(this, () => this.activeStore);

  private async run(command: Command): Promise<boolean> {
    return (await this.commands.run(command)).ok;
  }

  private async end(): Promise<void> {
    const vm = this.vm;
    if (!vm) return;
    if (await this.run({ type: 'leave', sessionId: vm.session.id })) {
      await this.updateComplete;
      // The End button is now disabled; keep keyboard users inside the window.
      const next = this.renderRoot.querySelector<HTMLElement>(`#${this.uid}-code`) ?? this.toolbarButtons().find((b) => !b.disabled);
      next?.focus();
    }
  }

  private async done(): Promise<void> {
    const vm = this.vm;
    if (!vm) return;
    const sessionId = vm.session.id;
    // Taken now: the host may remove this window before the answer arrives.
    const root = this.getRootNode() as Document | ShadowRoot;
    const hadFocus = this.matches(':focus-within');
    if (await this.run({ type: 'mark-done', sessionId })) {
      if (hadFocus) this.passFocusOn(root);
      this.dispatchEvent(workspaceEvent('interaction-done', { sessionId }));
    }
  }

  private async save(event: Event): Promise<void> {
    event.preventDefault();
    const vm = this.vm;
    if (!vm) return;
    const command: Command = { type: 'set-disposition', sessionId: vm.session.id };
    if (this.draftCode) command.dispositionCode = this.draftCode;
    if (this.draftNote) command.note = this.draftNote;
    this.saved = await this.run(command);
  }

  private cancelInvitation(invitation: InvitationView): void {
    void this.run({ type: 'cancel-invitation', invitationId: invitation.id });
  }

  // ---------------------------------------------------------------------------
  // Toolbar and Team Communicator

  private tools(vm: InteractionVM): Tool[] {
    // A contact only ends their chat; the rest are agent tools.
    if (this.user.value?.role === 'contact') return [{ key: 'end', label: msg('End'), enabled: vm.canEnd }];
    return [
      { key: 'conference', label: msg('Instant Chat Conference'), enabled: vm.canConference },
      { key: 'consultation', label: msg('Start Consultation'), enabled: vm.canConsult },
      { key: 'transfer', label: msg('Instant Chat Transfer'), enabled: vm.canTransfer },
      { key: 'end', label: msg('End'), enabled: vm.canEnd },
      { key: 'done', label: msg('Done'), enabled: vm.canDone },
    ];
  }

  private toolEnabled(key: ToolKey): boolean {
    const vm = this.vm;
    return vm ? this.tools(vm).some((t) => t.key === key && t.enabled) : false;
  }

  private toolbarButtons(): HTMLButtonElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLButtonElement>('[role="toolbar"] button')];
  }

  private onToolbarKeydown(event: KeyboardEvent): void {
    const buttons = this.toolbarButtons();
    const current = buttons.indexOf(event.target as HTMLButtonElement);
    if (current < 0) return;
    const rtl = getComputedStyle(this).direction === 'rtl';
    const next = nextToolbarIndex(
      event.key,
      current,
      buttons.map((b) => !b.disabled),
      rtl,
    );
    if (next === undefined) return;
    event.preventDefault();
    const button = buttons[next];
    this.activeTool = button.dataset.tool as ToolKey;
    button.focus();
  }

  private onTool(key: ToolKey): void {
    if (key === 'end') return void this.end();
    if (key === 'done') return void this.done();
    if (this.communicator === key) return this.closeCommunicator();
    this.communicator = key;
    this.communicatorOpener = key;
    void this.focusCommunicator();
  }

  /**
   * The Team Communicator's view loads on demand: asked for as soon as the pointer or the
   * focus is on a button that opens it, so it is usually there when the agent presses it.
   */
  private prefetchCommunicator(key: ToolKey | undefined): void {
    if (key === 'conference' || key === 'consultation' || key === 'transfer') loadTeamCommunicatorView().catch(() => undefined);
  }

  private async focusCommunicator(): Promise<void> {
    await this.updateComplete;
    const communicator = this.renderRoot.querySelector<HTMLElement & { updateComplete?: Promise<unknown>; focusSearch?: () => void }>(
      '.popover > *',
    );
    if (!communicator) return;
    await communicator.updateComplete;
    if (communicator.focusSearch) communicator.focusSearch();
    else communicator.focus();
  }

  private closeCommunicator(): void {
    this.communicator = undefined;
    const opener = this.communicatorOpener;
    this.communicatorOpener = undefined;
    void this.updateComplete.then(() => {
      const buttons = this.toolbarButtons();
      const target = buttons.find((b) => b.dataset.tool === opener && !b.disabled) ?? buttons.find((b) => !b.disabled);
      if (target) {
        this.activeTool = target.dataset.tool as ToolKey;
        target.focus();
      }
    });
  }

  private onPopoverKeydown(event: KeyboardEvent): void {
    // The Team Communicator consumes Escape itself while its list or a menu is open.
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    event.preventDefault();
    this.closeCommunicator();
  }

  private onCommunicatorClose(event: Event): void {
    event.stopPropagation();
    this.closeCommunicator();
  }

  // ---------------------------------------------------------------------------
  // Rendering

  protected override render() {
    const vm = this.vm;
    const connection = this.connection.value.status;
    const banner = html`<div class="connection" part="connection" role="status">
      ${connection === 'reconnecting' ? html`<span class="banner">${msg('Reconnecting…')}</span>` : nothing}
    </div>`;
    if (!vm) {
      const consultationId = this.consultationOnly.value;
      if (consultationId) {
        return prefixed(this, html`${banner}
          <chat-consultation-panel
            class="standalone"
            heading-level=${headingLevel(this.headingLevel)}
            session-id=${consultationId}
            .now=${this.now}
          ></chat-consultation-panel>`);
      }
      return html`${banner}
        <p class="empty">${msg('No chat interaction')}</p>`;
    }
    return prefixed(this, html`
      ${banner}
      <article class="window" aria-labelledby="${this.uid}-title">
        ${this.renderHeader(vm)} ${this.renderToolbar(vm)}
        <p class="error" part="error" role="alert">${this.commands.error}</p>
        <p class="announcement" part="announcement" role="status">${this.announcement}</p>
        <p class="contact-left" part="contact-left" role="status">${this.contactLeftText(vm)}</p>
        ${this.renderOutgoing(vm)} ${this.renderParties(vm)}
        <chat-transcript part="transcript" session-id=${vm.session.id} label=${msg('Transcript')}></chat-transcript>
        <chat-composer
          part="composer"
          session-id=${vm.session.id}
          ?disabled=${!vm.canSend}
          ?allow-internal=${this.user.value?.role === 'agent'}
        ></chat-composer>
        ${vm.myState === 'ended' && vm.canWrapUp ? this.renderDispositions() : nothing} ${this.renderConsultations(vm)}
      </article>
    `);
  }

  /**
   * The contact has gone but this agent is still connected: the window stays Connected
   * (other agents may still be talking) and says why Done is not available yet.
   */
  private contactLeftText(vm: InteractionVM): string {
    const contact = vm.contact;
    if (this.user.value?.role !== 'agent' || vm.myState !== 'active' || !contact || contact.state === 'connected' || contact.state === 'invited') return '';
    const name = contact.name;
    return msg(str`${name} has left — End to wrap up`);
  }

  private stateText(vm: InteractionVM): string {
    if (vm.myState === 'ended') return msg('Ended');
    if (vm.session.state === 'waiting') return msg('Waiting');
    return msg('Connected');
  }

  private renderHeader(vm: InteractionVM): TemplateResult {
    const session = vm.session;
    const title = vm.contact?.name ?? session.contact?.name ?? session.subject;
    const caseEntries = Object.entries(session.caseData);
    const level = headingLevel(this.headingLevel);
    const sub = clampLevel(level + 1);
    return html`
      <header part="header">
        <div class="title-line">
          <div role="heading" aria-level=${level} id="${this.uid}-title" class="window-title" part="title" tabindex="-1" data-window-title>${title}</div>
          <span class="state" part="state">${this.stateText(vm)}</span>
        </div>
        <div class="case" part="case-information">
          <div role="heading" aria-level=${sub} class="case-heading sub-heading">
            <button
              type="button"
              class="disclosure"
              aria-expanded=${this.caseOpen ? 'true' : 'false'}
              aria-controls="${this.uid}-case"
              @click=${() => (this.caseOpen = !this.caseOpen)}
            >
              <svg class="chevron" viewBox="0 0 10 10" aria-hidden="true" focusable="false"><path d="M2 3.5 5 6.5 8 3.5" fill="none" stroke="currentColor" stroke-width="1.5" /></svg>
              ${msg('Case Information')}
            </button>
          </div>
          <div id="${this.uid}-case" class="case-body" ?hidden=${!this.caseOpen}>
            <p>${msg(str`Origin: ${session.origin}`)}</p>
            ${session.subject ? html`<p class="subject">${session.subject}</p>` : nothing}
            ${caseEntries.length
              ? html`<dl>
                  ${caseEntries.map(([key, value]) => html`<div><dt>${key}</dt><dd>${value}</dd></div>`)}
                </dl>`
              : nothing}
          </div>
        </div>
      </header>
    `;
  }

  private renderToolbar(vm: InteractionVM): TemplateResult {
    const tools = this.tools(vm);
    const active = tools.find((t) => t.key === this.activeTool && t.enabled) ?? tools.find((t) => t.enabled);
    const popoverId = `${this.uid}-communicator`;
    return html`
      <div class="toolbar-anchor">
        <div
          role="toolbar"
          part="toolbar"
          aria-label=${msg('Interaction actions')}
          @keydown=${this.onToolbarKeydown}
          @focusin=${(e: FocusEvent) => {
            const key = (e.target as HTMLElement).dataset?.tool as ToolKey | undefined;
            if (key) this.activeTool = key;
            this.prefetchCommunicator(key);
          }}
          @pointerover=${(e: PointerEvent) => this.prefetchCommunicator((e.target as HTMLElement).closest?.<HTMLElement>('[data-tool]')?.dataset.tool as ToolKey | undefined)}
        >
          ${tools.map((tool) => {
            const opensCommunicator = tool.key !== 'end' && tool.key !== 'done';
            const open = this.communicator === tool.key;
            return html`<button
              type="button"
              data-tool=${tool.key}
              class="tool tool-${tool.key}"
              tabindex=${tool === active ? 0 : -1}
              ?disabled=${!tool.enabled}
              aria-haspopup=${ifDefined(opensCommunicator ? 'dialog' : undefined)}
              aria-expanded=${ifDefined(opensCommunicator ? (open ? 'true' : 'false') : undefined)}
              aria-controls=${ifDefined(open ? popoverId : undefined)}
              @click=${() => this.onTool(tool.key)}
            >
              ${tool.label}
            </button>`;
          })}
        </div>
        ${this.communicator
          ? prefixed(this, html`<div
              id=${popoverId}
              class="popover"
              part="team-communicator-popover"
              role="dialog"
              aria-modal="false"
              aria-label=${msg('Team Communicator')}
              @keydown=${this.onPopoverKeydown}
              @team-communicator-close=${this.onCommunicatorClose}
            >
              <team-communicator mode=${this.communicator} session-id=${vm.session.id}></team-communicator>
            </div>`)
          : nothing}
      </div>
    `;
  }

  private renderOutgoing(vm: InteractionVM): TemplateResult | typeof nothing {
    if (vm.outgoing.length === 0) return nothing;
    // role="list": WebKit drops the list role of a <ul> styled list-style: none (it made
    // "Parties" a group), and screen reader users lose the count of items.
    return html`
      <ul class="outgoing" part="outgoing" role="list" aria-label=${msg('Pending invitations')}>
        ${repeat(
          vm.outgoing,
          (inv) => inv.id,
          (inv) => {
            const name = inviteeName(inv);
            return html`<li>
              <span>${pendingText(inv)}</span>
              <button type="button" aria-label=${msg(str`Cancel invitation to ${name}`)} @click=${() => this.cancelInvitation(inv)}>${msg('Cancel')}</button>
            </li>`;
          },
        )}
      </ul>
    `;
  }

  private renderParties(vm: InteractionVM): TemplateResult {
    const me = vm.me?.userId ?? this.user.value?.id;
    return html`
      <ul class="parties" part="parties" role="list" aria-label=${msg('Parties')}>
        ${repeat(
          vm.parties,
          (p) => p.userId,
          (p: PartyView) => html`<li>
            ${partyStateIcon(p.state)}
            <span class="party-name">${p.userId === me ? msg(str`${p.name} (you)`) : p.name}</span>
            <span class="party-state">${partyStateLabel(p.state)}</span>
            ${p.userId === me || this.user.value?.role !== 'agent'
              ? nothing
              : prefixed(this, html`<conference-party-menu session-id=${vm.session.id} user-id=${p.userId}></conference-party-menu>`)}
          </li>`,
        )}
      </ul>
    `;
  }

  private dispositionStyleInEffect(): 'list' | 'radio' {
    const style = this.dispositionStyle;
    if (style === 'list' || style === 'radio') return style;
    return this.config.value?.disposition.style ?? 'list';
  }

  private renderDispositions(): TemplateResult {
    const codes = this.config.value?.disposition.codes ?? [];
    const codeId = `${this.uid}-code`;
    const noteId = `${this.uid}-note`;
    const onCode = (e: Event) => {
      this.draftCode = (e.target as HTMLInputElement | HTMLSelectElement).value;
      this.saved = false;
    };
    const codeField =
      this.dispositionStyleInEffect() === 'radio'
        ? html`<fieldset role="radiogroup" aria-labelledby="${codeId}-legend">
            <legend id="${codeId}-legend">${msg('Disposition Code')}</legend>
            ${codes.map(
              (c, i) => html`<label class="radio">
                <input
                  type="radio"
                  id=${i === 0 ? codeId : `${codeId}-${i}`}
                  name=${codeId}
                  value=${c.id}
                  .checked=${this.draftCode === c.id}
                  @change=${onCode}
                />
                ${c.label}
              </label>`,
            )}
          </fieldset>`
        : html`<div class="field">
            <label for=${codeId}>${msg('Disposition Code')}</label>
            <select id=${codeId} .value=${this.draftCode} @change=${onCode}>
              <option value="" ?selected=${this.draftCode === ''}>${msg('None')}</option>
              ${codes.map((c) => html`<option value=${c.id} ?selected=${this.draftCode === c.id}>${c.label}</option>`)}
            </select>
          </div>`;
    return html`
      <section class="dispositions" part="dispositions" aria-labelledby="${this.uid}-dispositions">
        <div role="heading" aria-level=${clampLevel(headingLevel(this.headingLevel) + 1)} id="${this.uid}-dispositions" class="sub-heading">${msg('Dispositions')}</div>
        <form @submit=${this.save}>
          ${codeField}
          <div class="field">
            <label for=${noteId}>${msg('Note')}</label>
            <textarea
              id=${noteId}
              rows="3"
              .value=${this.draftNote}
              @input=${(e: Event) => {
                this.draftNote = (e.target as HTMLTextAreaElement).value;
                this.saved = false;
              }}
            ></textarea>
          </div>
          <div class="form-actions">
            <button type="submit">${msg('Save')}</button>
            <span class="saved" role="status">${this.saved ? msg('Saved') : nothing}</span>
          </div>
        </form>
      </section>
    `;
  }

  private renderConsultations(vm: InteractionVM): TemplateResult | typeof nothing {
    if (vm.consultations.length === 0) return nothing;
    return html`
      <div class="consultations" part="consultations">
        ${repeat(
          vm.consultations,
          (c) => c.session.id,
          (c) => prefixed(this, html`<chat-consultation-panel
            heading-level=${clampLevel(headingLevel(this.headingLevel) + 1)}
            session-id=${c.session.id}
            .now=${this.now}
          ></chat-consultation-panel>`),
        )}
      </div>
    `;
  }
}

function inviteeName(inv: InvitationView): string {
  return inv.invitee?.name ?? inv.target.name;
}

function pendingText(inv: InvitationView): string {
  const name = inviteeName(inv);
  switch (inv.kind) {
    case 'transfer':
      return msg(str`Transferring to ${name}…`);
    case 'consultation':
      return msg(str`Inviting ${name} to a consultation…`);
    default:
      return msg(str`Inviting ${name}…`);
  }
}

/** What is announced when an invitation this user started was refused or not answered. */
function refusalText(inv: InvitationView): string | undefined {
  const name = inviteeName(inv);
  if (inv.state === 'rejected') {
    switch (inv.kind) {
      case 'transfer':
        return msg(str`${name} rejected the transfer request`);
      case 'consultation':
        return msg(str`${name} rejected the consultation request`);
      default:
        return msg(str`${name} rejected the conference request`);
    }
  }
  if (inv.state === 'timed-out') {
    switch (inv.kind) {
      case 'transfer':
        return msg(str`${name} did not answer the transfer request`);
      case 'consultation':
        return msg(str`${name} did not answer the consultation request`);
      default:
        return msg(str`${name} did not answer the conference request`);
    }
  }
  return undefined;
}

declare global {
  interface HTMLElementTagNameMap {
    'chat-interaction': ChatInteraction;
  }
}
