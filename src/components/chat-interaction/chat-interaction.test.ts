import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { CommandResult, InvitationView } from '../../engine/types.js';
import {
  createFixtureStore,
  fixtureState,
  FIXTURE_CONSULTATION_ID,
  FIXTURE_INVITATION_ID,
  FIXTURE_SESSION_ID,
  FIXTURE_T0,
  type FixtureOptions,
  type FixtureScenario,
  type FixtureStore,
} from '../../store/testing.js';
import './index.js';
import type { ChatInteraction } from './index.js';
import { accessibleName, allByRole, deepActiveElement, focusWithin, getButton, getByRole, queryByRole } from './test-queries.js';
import { until } from '../test-support/wait.js';

const TOOLBAR = ['Instant Chat Conference', 'Start Consultation', 'Instant Chat Transfer', 'End', 'Done'];

async function render(
  scenario: FixtureScenario,
  options: FixtureOptions & { attrs?: { dispositionStyle?: string; sessionId?: string | null }; onDispatch?: (c: unknown) => CommandResult } = {},
): Promise<{ el: ChatInteraction; store: FixtureStore }> {
  const store = createFixtureStore(fixtureState(scenario, options), options.onDispatch ? { onDispatch: options.onDispatch } : {});
  const sessionId = options.attrs?.sessionId === null ? undefined : (options.attrs?.sessionId ?? FIXTURE_SESSION_ID);
  const el = await fixture<ChatInteraction>(html`
    <chat-interaction
      .store=${store}
      session-id=${sessionId ?? ''}
      disposition-style=${options.attrs?.dispositionStyle ?? ''}
      .now=${() => FIXTURE_T0 + 207_000}
    ></chat-interaction>
  `);
  if (sessionId === undefined) el.removeAttribute('session-id');
  await el.updateComplete;
  // A window loads the consultation panel's code itself when it first shows one.
  await until(() => !el.shadowRoot!.querySelector('chat-consultation-panel:not(:defined)'), 'consultation panel loaded');
  await el.updateComplete;
  return { el, store };
}

const toolbar = (el: Element) => getByRole(el, 'toolbar', 'Interaction actions');
const toolButtons = (el: Element) => allByRole(toolbar(el), 'button') as HTMLButtonElement[];
const enabledTools = (el: Element) => toolButtons(el).filter((b) => !b.disabled).map((b) => accessibleName(b));
const partyItems = (el: Element) => allByRole(getByRole(el, 'list', 'Parties'), 'listitem').map((li) => accessibleName(li));
const settle = async (el: ChatInteraction) => {
  await el.updateComplete;
  await new Promise((r) => setTimeout(r));
  await el.updateComplete;
};

function withInvitation(store: FixtureStore, change: Partial<InvitationView>): void {
  const inv = store.state.invitations[FIXTURE_INVITATION_ID]!;
  store.setState({ invitations: { ...store.state.invitations, [inv.id]: { ...inv, ...change } } });
}

describe('chat-interaction', () => {
  describe('connected', () => {
    it('shows the contact, the state, case information and the parties', async () => {
      const { el } = await render('connected');
      expect(getByRole(el, 'heading', 'Avril Mai')).to.exist;
      expect(el.shadowRoot!.querySelector('[part="state"]')!.textContent!.trim()).to.equal('Connected');
      const disclosure = getButton(el, 'Case Information');
      expect(disclosure.getAttribute('aria-expanded')).to.equal('true');
      const body = el.shadowRoot!.getElementById(disclosure.getAttribute('aria-controls')!)!;
      expect(body.textContent).to.contain('Origin: Inbound chat');
      expect(body.textContent).to.contain('Help with on line purchase');
      expect([...body.querySelectorAll('dt')].map((d) => d.textContent)).to.deep.equal(['Order']);
      expect([...body.querySelectorAll('dd')].map((d) => d.textContent)).to.deep.equal(['000205']);
      expect(partyItems(el)).to.deep.equal(['Avril Mai Connected', 'Kate Lewis (you) Connected']);
      await expect(el).to.be.accessible();
    });

    it('puts a party action menu beside every party but the user', async () => {
      const { el } = await render('two-agent-conference');
      const menus = [...el.shadowRoot!.querySelectorAll('conference-party-menu')].map((m) => m.getAttribute('user-id'));
      expect(menus).to.deep.equal(['avril', 'jim']);
      expect(getButton(el, 'Party actions for Jim Miller')).to.exist;
    });

    it('collapses and expands the case information', async () => {
      const { el } = await render('connected');
      const disclosure = getButton(el, 'Case Information');
      disclosure.click();
      await el.updateComplete;
      expect(disclosure.getAttribute('aria-expanded')).to.equal('false');
      expect(el.shadowRoot!.getElementById(disclosure.getAttribute('aria-controls')!)!.hidden).to.equal(true);
      await expect(el).to.be.accessible();
      disclosure.click();
      await el.updateComplete;
      expect(disclosure.getAttribute('aria-expanded')).to.equal('true');
    });

    it('enables conference, consultation, transfer and End, not Done', async () => {
      const { el } = await render('connected');
      expect(toolButtons(el).map((b) => accessibleName(b))).to.deep.equal(TOOLBAR);
      expect(enabledTools(el)).to.deep.equal(['Instant Chat Conference', 'Start Consultation', 'Instant Chat Transfer', 'End']);
    });

    it('shows the newest interaction without a session id', async () => {
      const { el } = await render('connected', { attrs: { sessionId: null } });
      expect(el.hasAttribute('session-id')).to.equal(false);
      expect(getByRole(el, 'heading', 'Avril Mai')).to.exist;
    });

    it('shows a consultation on its own to the consulted agent, who does not see the interaction', async () => {
      const { el } = await render('active-consultation', { viewer: 'jim', attrs: { sessionId: null } });
      expect(queryByRole(el, 'heading', 'Avril Mai')).to.equal(undefined);
      expect(getByRole(el, 'region', 'Consultation: Kate Lewis')).to.exist;
      expect(getButton(el, 'End Consultation').disabled).to.equal(false);
      await expect(el).to.be.accessible();
    });

    it("gives a contact's own view only End, and no party action menus", async () => {
      const { el } = await render('connected', { viewer: 'avril' });
      expect(toolButtons(el).map((b) => accessibleName(b))).to.deep.equal(['End']);
      expect(el.shadowRoot!.querySelector('conference-party-menu')).to.equal(null);
      expect(partyItems(el)).to.deep.equal(['Avril Mai (you) Connected', 'Kate Lewis Connected']);
      await expect(el).to.be.accessible();
    });

    it('says so when there is no interaction', async () => {
      const { el } = await render('connected', { attrs: { sessionId: 'no-such-chat' } });
      expect(el.shadowRoot!.textContent).to.contain('No chat interaction');
      await expect(el).to.be.accessible();
    });

    it('passes the session to its transcript and an enabled composer', async () => {
      const { el } = await render('connected');
      expect(el.shadowRoot!.querySelector('chat-transcript')!.getAttribute('session-id')).to.equal(FIXTURE_SESSION_ID);
      const composer = el.shadowRoot!.querySelector('chat-composer')!;
      expect(composer.getAttribute('session-id')).to.equal(FIXTURE_SESSION_ID);
      expect(composer.hasAttribute('disabled')).to.equal(false);
      expect(getByRole(el, 'textbox', 'Message')).to.exist;
      const log = getByRole(el, 'log', 'Transcript');
      await until(() => log.textContent!.includes('Let me contact my associate about that.'), 'the transcript shows the chat');
    });

    it('sends what is typed in its composer to this interaction', async () => {
      const { el, store } = await render('connected');
      getByRole(el, 'textbox', 'Message').focus();
      await sendKeys({ type: 'One moment please' });
      await sendKeys({ press: 'Enter' });
      await until(() => store.dispatched.some((c) => c.type === 'send-message'));
      expect(store.dispatched.find((c) => c.type === 'send-message')).to.deep.include({ sessionId: FIXTURE_SESSION_ID, text: 'One moment please' });
    });

    it('End leaves the interaction', async () => {
      const { el, store } = await render('connected');
      getButton(el, 'End').click();
      await until(() => store.dispatched.length === 1);
      expect(store.dispatched).to.deep.equal([{ type: 'leave', sessionId: FIXTURE_SESSION_ID }]);
    });

    it('after End, keyboard focus moves to the Disposition Code rather than being lost', async () => {
      const ended = fixtureState('ended-with-disposition');
      let store!: FixtureStore;
      store = createFixtureStore(fixtureState('connected'), {
        onDispatch: () => {
          store.setState({ sessions: ended.sessions });
          return { ok: true };
        },
      });
      const el = await fixture<ChatInteraction>(html`<chat-interaction .store=${store} session-id=${FIXTURE_SESSION_ID}></chat-interaction>`);
      getButton(el, 'End').focus();
      await sendKeys({ press: 'Enter' });
      await until(() => queryByRole(el, 'region', 'Dispositions'));
      await settle(el);
      expect(deepActiveElement()).to.equal(getByRole(el, 'combobox', 'Disposition Code'));
      expect(store.dispatched).to.deep.equal([{ type: 'leave', sessionId: FIXTURE_SESSION_ID }]);
    });

    it('shows a refused command as an alert', async () => {
      const { el } = await render('connected', {
        onDispatch: () => ({ ok: false, error: { code: 'invalid-state', message: 'The chat has already ended.' } }),
      });
      getButton(el, 'End').click();
      await until(() => queryByRole(el, 'alert', 'The chat has already ended.'));
      await expect(el).to.be.accessible();
    });

    it('shows "Reconnecting…" while the connection is being restored', async () => {
      const { el, store } = await render('connected');
      expect(el.shadowRoot!.textContent).not.to.contain('Reconnecting…');
      store.setState({ connection: { status: 'reconnecting', reason: 'The network went away.' } });
      await el.updateComplete;
      const statuses = allByRole(el, 'status').map((s) => accessibleName(s));
      expect(statuses).to.include('Reconnecting…');
      await expect(el).to.be.accessible();
    });
  });

  describe('conference and invitations', () => {
    it('two-agent conference: both agents connected, transfer and conference still possible', async () => {
      const { el } = await render('two-agent-conference');
      expect(partyItems(el)).to.deep.equal(['Avril Mai Connected', 'Kate Lewis (you) Connected', 'Jim Miller Connected']);
      expect(enabledTools(el)).to.deep.equal(['Instant Chat Conference', 'Start Consultation', 'Instant Chat Transfer', 'End']);
      await expect(el).to.be.accessible();
    });

    it('ringing party: shows Ringing and the pending invitation with Cancel', async () => {
      const { el, store } = await render('ringing-invitation');
      expect(partyItems(el)).to.include('Jim Miller Ringing');
      const pending = getByRole(el, 'list', 'Pending invitations');
      expect(pending.textContent).to.contain('Inviting Jim Miller…');
      await expect(el).to.be.accessible();
      getButton(el, 'Cancel invitation to Jim Miller').click();
      await until(() => store.dispatched.length === 1);
      expect(store.dispatched).to.deep.equal([{ type: 'cancel-invitation', invitationId: FIXTURE_INVITATION_ID }]);
    });

    it('transfer pending: says who the chat is being transferred to', async () => {
      const { el } = await render('transfer-pending');
      expect(getByRole(el, 'list', 'Pending invitations').textContent).to.contain('Transferring to Jim Miller…');
      await expect(el).to.be.accessible();
    });

    it('announces politely when the invitee rejects', async () => {
      const { el, store } = await render('ringing-invitation');
      withInvitation(store, { state: 'rejected', reason: 'Rejected by Jim Miller' });
      await el.updateComplete;
      expect(queryByRole(el, 'list', 'Pending invitations')).to.equal(undefined);
      expect(allByRole(el, 'status').map((s) => accessibleName(s))).to.include('Jim Miller rejected the conference request');
      await expect(el).to.be.accessible();
    });

    it('a released invitee leaves the party list; the outcome notice clears when a new request supersedes it, and stays cleared after that one is cancelled', async () => {
      const { el, store } = await render('ringing-invitation');
      expect(partyItems(el)).to.include('Jim Miller Ringing');
      const session = store.state.sessions[FIXTURE_SESSION_ID]!;
      const partyState = (state: string) => ({
        sessions: { ...store.state.sessions, [FIXTURE_SESSION_ID]: { ...session, parties: session.parties.map((p) => (p.userId === 'jim' ? { ...p, state } : p)) } },
      });
      const notices = () => allByRole(el, 'status').map((s) => accessibleName(s)).filter(Boolean);
      withInvitation(store, { state: 'rejected', reason: 'Rejected by Jim Miller' });
      store.setState(partyState('rejected') as never);
      await el.updateComplete;
      expect(notices()).to.include('Jim Miller rejected the conference request');
      expect(partyItems(el).some((p) => p.startsWith('Jim Miller'))).to.equal(false, 'the rejected invitee is released');

      // Kate invites Jim again: the old outcome goes; then she cancels: nothing is said.
      const first = store.state.invitations[FIXTURE_INVITATION_ID]!;
      const again = { ...first, id: 'inv-again', state: 'pending' as const, createdAt: first.createdAt + 60_000 };
      store.setState({ invitations: { ...store.state.invitations, [again.id]: again }, ...(partyState('invited') as object) });
      await el.updateComplete;
      expect(notices()).not.to.include('Jim Miller rejected the conference request');
      expect(partyItems(el)).to.include('Jim Miller Ringing');
      store.setState({ invitations: { ...store.state.invitations, [again.id]: { ...again, state: 'cancelled' } }, ...(partyState('left') as object) });
      await el.updateComplete;
      expect(notices()).to.deep.equal([]);
      expect(partyItems(el).some((p) => p.startsWith('Jim Miller'))).to.equal(false, 'the cancelled invitee is released');
      await expect(el).to.be.accessible();
    });

    it('announces when the invitee did not answer', async () => {
      const { el, store } = await render('transfer-pending');
      withInvitation(store, { state: 'timed-out' });
      await el.updateComplete;
      expect(allByRole(el, 'status').map((s) => accessibleName(s))).to.include('Jim Miller did not answer the transfer request');
    });

    it('does not announce an invitation that was accepted', async () => {
      const { el, store } = await render('ringing-invitation');
      withInvitation(store, { state: 'accepted' });
      await el.updateComplete;
      expect(allByRole(el, 'status').map((s) => accessibleName(s)).filter(Boolean)).to.deep.equal([]);
    });

    it('shows every party state it lists as text; rejected and timed-out invitees were released and are not listed', async () => {
      const { el } = await render('all-party-states');
      expect(partyItems(el)).to.deep.equal([
        'Avril Mai Connected',
        'Kate Lewis (you) Connected',
        'Ravi Patel Ended',
        'Sofia Garcia Removed',
        'Jim Miller Ringing',
      ]);
      await expect(el).to.be.accessible();
    });
  });

  describe('consultations', () => {
    it('active consultation: a panel with its peer, running timer, parties and End', async () => {
      const { el, store } = await render('active-consultation');
      const panel = el.shadowRoot!.querySelector('chat-consultation-panel')!;
      expect(panel.getAttribute('session-id')).to.equal(FIXTURE_CONSULTATION_ID);
      expect(getByRole(el, 'heading', 'Consultation: Jim Miller')).to.exist;
      await panel.updateComplete;
      // The fixture consultation started at T0+70s; the test clock reads T0+207s.
      expect(panel.shadowRoot!.querySelector('[part="timer"]')!.textContent).to.contain('00:02:17');
      expect(allByRole(getByRole(el, 'list', 'Consultation parties'), 'listitem').map((li) => accessibleName(li))).to.deep.equal([
        'Kate Lewis (you) Connected',
        'Jim Miller Connected',
      ]);
      expect(queryByRole(el, 'button', 'Done with Consultation')).to.equal(undefined);
      // Each transcript is its own log, named so the two can be told apart.
      const log = getByRole(el, 'log', 'Consultation transcript: Jim Miller');
      await until(() => log.textContent!.includes('Sure, conference me in'), 'the consultation transcript shows its chat');
      expect(getByRole(el, 'log', 'Transcript')).to.exist;
      await expect(el).to.be.accessible();
      getButton(el, 'End Consultation').click();
      await until(() => store.dispatched.length === 1);
      expect(store.dispatched).to.deep.equal([{ type: 'leave', sessionId: FIXTURE_CONSULTATION_ID }]);
    });

    it('consultation turned conference: the consultation shows Ended and Done', async () => {
      const { el, store } = await render('consultation-conferenced');
      expect(partyItems(el)).to.include('Jim Miller Connected');
      const panel = el.shadowRoot!.querySelector('chat-consultation-panel')!;
      await panel.updateComplete;
      expect(panel.shadowRoot!.querySelector('[part="state"]')!.textContent!.trim()).to.equal('Ended');
      // Stopped where it ended (T0+150s), whatever the clock says.
      expect(panel.shadowRoot!.querySelector('[part="timer"]')!.textContent).to.contain('00:01:20');
      expect(allByRole(getByRole(el, 'list', 'Consultation parties'), 'listitem').map((li) => accessibleName(li))).to.include('Jim Miller Ended');
      expect(queryByRole(el, 'button', 'End Consultation')).to.equal(undefined);
      await expect(el).to.be.accessible();
      getButton(el, 'Done with Consultation').click();
      await until(() => store.dispatched.length === 1);
      expect(store.dispatched).to.deep.equal([{ type: 'mark-done', sessionId: FIXTURE_CONSULTATION_ID }]);
    });
  });

  describe('ended', () => {
    it('shows Ended and the Dispositions view with a drop-down', async () => {
      const { el } = await render('ended-with-disposition');
      expect(el.shadowRoot!.querySelector('[part="state"]')!.textContent!.trim()).to.equal('Ended');
      const region = getByRole(el, 'region', 'Dispositions');
      const select = getByRole(region, 'combobox', 'Disposition Code') as HTMLSelectElement;
      expect([...select.options].map((o) => o.textContent!.trim())).to.deep.equal(['None', 'Resolved', 'Follow-up needed', 'Escalated', 'No answer']);
      expect(select.value).to.equal('resolved');
      expect((getByRole(region, 'textbox', 'Note') as HTMLTextAreaElement).value).to.equal('Card details updated; purchase completed.');
      expect(enabledTools(el)).to.deep.equal(['Done']);
      expect(el.shadowRoot!.querySelector('chat-composer')!.hasAttribute('disabled')).to.equal(true);
      await expect(el).to.be.accessible();
    });

    it('Done by keyboard passes focus to the next window of the same store, else to focus-after-done, never to <body>', async () => {
      const state = fixtureState('ended-with-disposition');
      const store = createFixtureStore(state);
      const wrapper = await fixture<HTMLDivElement>(html`
        <div>
          <label for="presence">Chat presence</label>
          <select id="presence"><option>Ready</option></select>
          <chat-interaction .store=${store} session-id=${FIXTURE_SESSION_ID} focus-after-done="#presence"></chat-interaction>
          <chat-interaction .store=${store} session-id=${FIXTURE_SESSION_ID} class="second"></chat-interaction>
        </div>
      `);
      const [first, second] = [...wrapper.querySelectorAll('chat-interaction')];
      await first!.updateComplete;
      await second!.updateComplete;
      // Two windows of one session: Done in the first goes on to the second (its title: the composer of an ended chat is disabled).
      getButton(first!, 'Done').focus();
      await sendKeys({ press: 'Enter' });
      await until(() => store.dispatched.length === 1, 'Done is sent');
      await until(() => focusWithin(second!), 'focus in the other window');
      expect(accessibleName(deepActiveElement()!)).to.equal('Avril Mai');
      // The last window: the host's presence control.
      second!.remove();
      getButton(first!, 'Done').focus();
      await sendKeys({ press: 'Enter' });
      await until(() => store.dispatched.length === 2, 'Done is sent again');
      first!.remove(); // the host closes the window
      await until(() => document.activeElement === wrapper.querySelector('#presence'), 'focus on the presence control');
    });

    it('heading-level sets the title level; its sections and consultation panels sit one below', async () => {
      const store = createFixtureStore(fixtureState('active-consultation'));
      const el = await fixture<ChatInteraction>(html`<chat-interaction .store=${store} session-id=${FIXTURE_SESSION_ID} heading-level="3"></chat-interaction>`);
      await until(() => !el.shadowRoot!.querySelector('chat-consultation-panel:not(:defined)'), 'consultation panel loaded');
      const panel = el.shadowRoot!.querySelector('chat-consultation-panel')!;
      await (panel as unknown as { updateComplete: Promise<unknown> }).updateComplete;
      const level = (heading: Element | null) => [heading?.getAttribute('role'), heading?.getAttribute('aria-level')];
      expect(level(el.shadowRoot!.querySelector('[part="title"]'))).to.deep.equal(['heading', '3']);
      expect(level(el.shadowRoot!.querySelector('.case-heading'))).to.deep.equal(['heading', '4']);
      expect(level(panel.shadowRoot!.querySelector('.panel-heading'))).to.deep.equal(['heading', '4']);
      await expect(el).to.be.accessible();
    });

    it('an ended chat shows nobody Connected (the contact\'s last state reads Ended)', async () => {
      const { el, store } = await render('ended-with-disposition');
      const session = store.state.sessions[FIXTURE_SESSION_ID]!;
      store.setState({
        sessions: { [FIXTURE_SESSION_ID]: { ...session, state: 'ended', parties: session.parties.map((p) => (p.role === 'contact' ? { ...p, state: 'connected' } : p)) } },
      });
      await el.updateComplete;
      expect(partyItems(el).find((p) => p.startsWith('Avril Mai'))).to.equal('Avril Mai Ended');
    });

    it('when the contact leaves, the agent still connected is told to End to wrap up', async () => {
      const { el, store } = await render('connected');
      expect(el.shadowRoot!.querySelector('[part="contact-left"]')!.textContent).to.equal('');
      const session = store.state.sessions[FIXTURE_SESSION_ID]!;
      store.setState({ sessions: { [FIXTURE_SESSION_ID]: { ...session, parties: session.parties.map((p) => (p.role === 'contact' ? { ...p, state: 'left' } : p)) } } });
      await el.updateComplete;
      expect(allByRole(el, 'status').map((s) => accessibleName(s))).to.include('Avril Mai has left — End to wrap up');
      expect(enabledTools(el)).to.include('End');
      await expect(el).to.be.accessible();
    });

    it('Save sends the chosen code and note and says Saved', async () => {
      const { el, store } = await render('ended-with-disposition');
      const region = getByRole(el, 'region', 'Dispositions');
      const select = getByRole(region, 'combobox', 'Disposition Code') as HTMLSelectElement;
      select.value = 'escalated';
      select.dispatchEvent(new Event('change'));
      const note = getByRole(region, 'textbox', 'Note') as HTMLTextAreaElement;
      note.value = 'Passed to fraud team.';
      note.dispatchEvent(new Event('input'));
      getButton(region, 'Save').click();
      await until(() => allByRole(el, 'status').some((s) => accessibleName(s) === 'Saved'));
      expect(store.dispatched).to.deep.equal([{ type: 'set-disposition', sessionId: FIXTURE_SESSION_ID, dispositionCode: 'escalated', note: 'Passed to fraud team.' }]);
      await expect(el).to.be.accessible();
    });

    it('shows the codes as radio buttons when configured so', async () => {
      const { el, store } = await render('ended-with-disposition', { dispositionStyle: 'radio' });
      const group = getByRole(el, 'radiogroup', 'Disposition Code');
      const radios = allByRole(group, 'radio') as HTMLInputElement[];
      expect(radios.map((r) => accessibleName(r))).to.deep.equal(['Resolved', 'Follow-up needed', 'Escalated', 'No answer']);
      expect(radios.filter((r) => r.checked).map((r) => r.value)).to.deep.equal(['resolved']);
      await expect(el).to.be.accessible();
      (getByRole(group, 'radio', 'No answer') as HTMLInputElement).click();
      getButton(el, 'Save').click();
      await until(() => store.dispatched.length === 1);
      expect(store.dispatched[0]).to.deep.include({ type: 'set-disposition', dispositionCode: 'no-answer' });
    });

    it('disposition-style overrides the configuration', async () => {
      const { el } = await render('ended-with-disposition', { attrs: { dispositionStyle: 'radio' } });
      expect(getByRole(el, 'radiogroup', 'Disposition Code')).to.exist;
      const { el: listEl } = await render('ended-with-disposition', { dispositionStyle: 'radio', attrs: { dispositionStyle: 'list' } });
      expect(getByRole(listEl, 'combobox', 'Disposition Code')).to.exist;
    });

    it('Done marks the interaction done and fires interaction-done', async () => {
      const { el, store } = await render('ended-with-disposition');
      setTimeout(() => getButton(el, 'Done').click());
      const event = await oneEvent(el, 'interaction-done');
      expect(event.detail).to.deep.equal({ sessionId: FIXTURE_SESSION_ID });
      expect(event.bubbles && event.composed).to.equal(true);
      expect(store.dispatched).to.deep.equal([{ type: 'mark-done', sessionId: FIXTURE_SESSION_ID }]);
    });

    it('a refused Done shows the reason and fires nothing', async () => {
      const { el } = await render('ended-with-disposition', {
        onDispatch: () => ({ ok: false, error: { code: 'invalid-state', message: 'Save a disposition code before Done.' } }),
      });
      let fired = false;
      el.addEventListener('interaction-done', () => (fired = true));
      getButton(el, 'Done').click();
      await until(() => queryByRole(el, 'alert', 'Save a disposition code before Done.'));
      expect(fired).to.equal(false);
    });
  });

  describe('keyboard', () => {
    async function renderWithBefore(scenario: FixtureScenario = 'connected') {
      const store = createFixtureStore(fixtureState(scenario));
      // Fixture the Lit element itself: a plain wrapper would make fixture() wait for an animation frame.
      const el = await fixture<ChatInteraction>(html`<chat-interaction .store=${store} session-id=${FIXTURE_SESSION_ID}></chat-interaction>`);
      const before = document.createElement('button');
      before.textContent = 'before';
      el.before(before);
      return { el, store, before };
    }

    it('reaches the toolbar with Tab and moves between its buttons with the arrow keys', async () => {
      const { el, before } = await renderWithBefore();
      before.focus();
      await sendKeys({ press: 'Tab' });
      expect(deepActiveElement()).to.equal(getButton(el, 'Case Information'));
      await sendKeys({ press: 'Tab' });
      expect(deepActiveElement()).to.equal(getButton(el, 'Instant Chat Conference'));
      await sendKeys({ press: 'ArrowRight' });
      expect(deepActiveElement()).to.equal(getButton(el, 'Start Consultation'));
      await sendKeys({ press: 'ArrowRight' });
      await sendKeys({ press: 'ArrowRight' });
      expect(deepActiveElement()).to.equal(getButton(el, 'End'));
      // Done is disabled: the next stop wraps round to the first button.
      await sendKeys({ press: 'ArrowRight' });
      expect(deepActiveElement()).to.equal(getButton(el, 'Instant Chat Conference'));
      await sendKeys({ press: 'ArrowLeft' });
      expect(deepActiveElement()).to.equal(getButton(el, 'End'));
      await sendKeys({ press: 'Home' });
      expect(deepActiveElement()).to.equal(getButton(el, 'Instant Chat Conference'));
      await sendKeys({ press: 'End' });
      expect(deepActiveElement()).to.equal(getButton(el, 'End'));
      // The toolbar is one Tab stop, and it remembers the last button.
      expect(toolButtons(el).filter((b) => b.tabIndex === 0).map((b) => accessibleName(b))).to.deep.equal(['End']);
      await sendKeys({ press: 'Tab' });
      expect(toolButtons(el)).not.to.include(deepActiveElement());
      await sendKeys({ down: 'Shift' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ up: 'Shift' });
      expect(deepActiveElement()).to.equal(getButton(el, 'End'));
    });

    it('follows the reading direction right to left', async () => {
      const { el } = await renderWithBefore();
      el.setAttribute('dir', 'rtl');
      getButton(el, 'Instant Chat Conference').focus();
      await sendKeys({ press: 'ArrowLeft' });
      expect(deepActiveElement()).to.equal(getButton(el, 'Start Consultation'));
      await sendKeys({ press: 'ArrowRight' });
      expect(deepActiveElement()).to.equal(getButton(el, 'Instant Chat Conference'));
    });

    it('Enter opens the Team Communicator for a conference; Escape closes it and returns focus', async () => {
      const { el } = await renderWithBefore();
      const button = getButton(el, 'Instant Chat Conference');
      button.focus();
      await sendKeys({ press: 'Enter' });
      await settle(el);
      const dialog = getByRole(el, 'dialog', 'Team Communicator');
      const communicator = dialog.querySelector('team-communicator')!;
      expect(communicator.getAttribute('mode')).to.equal('conference');
      expect(communicator.getAttribute('session-id')).to.equal(FIXTURE_SESSION_ID);
      expect(button.getAttribute('aria-expanded')).to.equal('true');
      expect(button.getAttribute('aria-controls')).to.equal(dialog.id);
      await until(() => focusWithin(communicator), 'focus moves into the Team Communicator');
      expect(deepActiveElement()).to.equal(getByRole(communicator, 'combobox', 'Type name or number'));
      await expect(el).to.be.accessible();
      // The first Escape clears what was typed (the Team Communicator's own), the next one closes.
      await sendKeys({ type: 'Jim' });
      await sendKeys({ press: 'Escape' });
      await settle(el);
      expect(queryByRole(el, 'dialog', 'Team Communicator')).to.exist;
      await sendKeys({ press: 'Escape' });
      await settle(el);
      expect(queryByRole(el, 'dialog', 'Team Communicator')).to.equal(undefined);
      expect(button.getAttribute('aria-expanded')).to.equal('false');
      expect(deepActiveElement()).to.equal(button);
    });

    it('opens consultation and transfer modes from their buttons', async () => {
      const { el } = await renderWithBefore();
      getButton(el, 'Start Consultation').click();
      await settle(el);
      expect(el.shadowRoot!.querySelector('team-communicator')!.getAttribute('mode')).to.equal('consultation');
      getButton(el, 'Instant Chat Transfer').click();
      await settle(el);
      expect(el.shadowRoot!.querySelector('team-communicator')!.getAttribute('mode')).to.equal('transfer');
      expect(getButton(el, 'Start Consultation').getAttribute('aria-expanded')).to.equal('false');
    });

    it('closes when the Team Communicator says it is done and returns focus to the opener', async () => {
      const { el } = await renderWithBefore();
      const button = getButton(el, 'Instant Chat Transfer');
      button.click();
      await settle(el);
      const communicator = el.shadowRoot!.querySelector('team-communicator')!;
      communicator.dispatchEvent(new CustomEvent('team-communicator-close', { detail: { reason: 'action' }, bubbles: true, composed: true }));
      await settle(el);
      expect(el.shadowRoot!.querySelector('team-communicator')).to.equal(null);
      expect(deepActiveElement()).to.equal(button);
    });
  });
});
