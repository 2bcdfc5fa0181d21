import { expect, fixture, fixtureSync, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { InvitationView } from '../../engine/types.js';
import { createFixtureStore, fixtureState, fixtureUser, FIXTURE_INVITATION_ID, type FixtureStore } from '../../store/testing.js';
import type { WorkspaceState } from '../../store/types.js';
import './index.js';
import '../workspace-provider/index.js';
import '../chat-interaction/index.js';
import type { InteractionPreview } from './index.js';
import { until } from '../test-support/wait.js';

/** Jim's view while Kate's conference request rings for him. */
function ringingForJim(): WorkspaceState {
  return fixtureState('ringing-invitation', { viewer: 'jim' });
}

const invitationOf = (state: WorkspaceState): InvitationView => state.invitations[FIXTURE_INVITATION_ID]!;

function withInvitation(state: WorkspaceState, change: Partial<InvitationView>, id = FIXTURE_INVITATION_ID): WorkspaceState {
  const base = invitationOf(state);
  return { ...state, invitations: { ...state.invitations, [id]: { ...base, id, ...change } } };
}

/** A clock `secondsLeft` seconds before the request times out. */
const clockAt = (state: WorkspaceState, secondsLeft: number) => () => invitationOf(state).expiresAt! - secondsLeft * 1000;

async function renderPreview(store: FixtureStore, options: { takeFocus?: boolean; invitationId?: string; now?: () => number } = {}) {
  const el = await fixture<InteractionPreview>(html`
    <interaction-preview
      .store=${store}
      .now=${options.now ?? clockAt(store.state.invitations[FIXTURE_INVITATION_ID] ? store.state : ringingForJim(), 25)}
      ?take-focus=${options.takeFocus ?? false}
      invitation-id=${options.invitationId ?? ''}
    ></interaction-preview>
  `);
  return el;
}

const preview = (el: InteractionPreview) => el.shadowRoot!.querySelector<HTMLElement>('.preview');
const title = (el: InteractionPreview) => {
  const id = preview(el)!.getAttribute('aria-labelledby')!;
  return el.shadowRoot!.getElementById(id)!.textContent!.trim();
};
const button = (el: InteractionPreview, name: string) =>
  [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === name)!;
const announced = (el: InteractionPreview) => el.shadowRoot!.querySelector('[role="status"]')!.textContent!.trim();
const text = (el: InteractionPreview) => preview(el)!.textContent!.replace(/\s+/g, ' ').trim();
/** What has focus, described by role and name (comparing elements would print whole components on failure). */
function focusDescription(): string {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  if (!active || active === document.body) return 'nothing';
  const role = active.getAttribute('role');
  return role ? role : `${active.localName}:${active.textContent!.trim()}`;
}

/** The preview's default shortcut, held down as a person would. */
async function altShiftR(): Promise<void> {
  await sendKeys({ down: 'Alt' });
  await sendKeys({ down: 'Shift' });
  await sendKeys({ press: 'KeyR' });
  await sendKeys({ up: 'Shift' });
  await sendKeys({ up: 'Alt' });
}

describe('interaction-preview', () => {
  describe('rendering', () => {
    it('shows a conference request: title, who asks, case information, time left, Accept and Reject', async () => {
      const store = createFixtureStore(ringingForJim());
      const el = await renderPreview(store);
      const region = preview(el)!;
      expect(region.getAttribute('role')).to.equal('region');
      expect(title(el)).to.equal('Avril Mai - Chat conference request');
      expect(text(el)).to.contain('From: Kate Lewis');
      expect(text(el)).to.contain('Case Information');
      expect(text(el)).to.contain('Origin: Inbound chat');
      expect(text(el)).to.contain('Help with on line purchase');
      expect(text(el)).to.match(/Order\s*000205/);
      expect(text(el)).to.contain('Time left: 0:25');
      expect(button(el, 'Accept')).to.exist;
      expect(button(el, 'Reject')).to.exist;
      await expect(el).to.be.accessible();
    });

    it('names the contact from the interaction when the invitation does not say who the customer is', async () => {
      const state = ringingForJim();
      const kates = fixtureState('connected');
      const { contact: _unknown, ...withoutContact } = state.invitations![FIXTURE_INVITATION_ID]!;
      const store = createFixtureStore({ ...state, sessions: kates.sessions, invitations: { [FIXTURE_INVITATION_ID]: withoutContact } });
      const el = await renderPreview(store);
      expect(title(el)).to.equal('Avril Mai - Chat conference request');
    });

    it('falls back to who asks when neither the invitation nor the session names the customer', async () => {
      const state = ringingForJim();
      const { contact: _unknown, ...withoutContact } = state.invitations![FIXTURE_INVITATION_ID]!;
      const store = createFixtureStore({ ...state, invitations: { [FIXTURE_INVITATION_ID]: withoutContact } });
      const el = await renderPreview(store);
      expect(title(el)).to.equal('Kate Lewis - Chat conference request');
    });

    for (const [kind, label] of [
      ['consultation', 'Chat consultation request'],
      ['transfer', 'Chat transfer request'],
    ] as const) {
      it(`titles a ${kind} request "${label}"`, async () => {
        const store = createFixtureStore(withInvitation(ringingForJim(), { kind }));
        const el = await renderPreview(store);
        expect(title(el)).to.equal(`Avril Mai - ${label}`);
        expect(el.shadowRoot!.querySelector('[data-kind]')!.getAttribute('data-kind')).to.equal(kind);
        await expect(el).to.be.accessible();
      });
    }

    it('titles a new chat from the contact "Avril Mai - New chat"', async () => {
      const store = createFixtureStore(withInvitation(ringingForJim(), { kind: 'chat', from: fixtureUser('avril') }));
      const el = await renderPreview(store);
      expect(title(el)).to.equal('Avril Mai - New chat');
      expect(text(el)).to.contain('From: Avril Mai');
      await expect(el).to.be.accessible();
    });

    it('shows nothing but an empty announcer when no request is ringing', async () => {
      const store = createFixtureStore(fixtureState('connected', { viewer: 'jim' }));
      const el = await renderPreview(store);
      expect(preview(el)).to.equal(null);
      expect(el.getBoundingClientRect().height).to.equal(0);
      await expect(el).to.be.accessible();
    });

    it('does not offer Kate her own outgoing request, even by id', async () => {
      const store = createFixtureStore(fixtureState('ringing-invitation'));
      const el = await renderPreview(store, { invitationId: FIXTURE_INVITATION_ID });
      expect(preview(el)).to.equal(null);
      const plain = await renderPreview(store);
      expect(preview(plain)).to.equal(null);
    });

    it('shows the oldest request first, says how many wait behind it, and shows a chosen one by id', async () => {
      const first = ringingForJim();
      const second = withInvitation(first, { createdAt: invitationOf(first).createdAt + 5000, kind: 'transfer' }, 'inv-2');
      const store = createFixtureStore(second);
      const el = await renderPreview(store);
      expect(title(el)).to.equal('Avril Mai - Chat conference request');
      expect(text(el)).to.contain('1 more waiting');
      const chosen = await renderPreview(store, { invitationId: 'inv-2' });
      expect(title(chosen)).to.equal('Avril Mai - Chat transfer request');
      expect(text(chosen)).not.to.contain('more waiting');
    });
  });

  it('takes the store from an ancestor <workspace-provider>', async () => {
    const state = ringingForJim();
    const store = createFixtureStore(state);
    const wrapper = await fixture<HTMLElement>(html`
      <workspace-provider .store=${store}><interaction-preview .now=${clockAt(state, 25)}></interaction-preview></workspace-provider>
    `);
    const el = wrapper.querySelector('interaction-preview')!;
    await el.updateComplete;
    expect(title(el)).to.equal('Avril Mai - Chat conference request');
    button(el, 'Reject').click();
    expect(store.dispatched).to.deep.equal([{ type: 'reject-invitation', invitationId: FIXTURE_INVITATION_ID }]);
  });

  describe('time left', () => {
    it('counts down from the clock and warns once at ten seconds', async () => {
      const state = ringingForJim();
      const store = createFixtureStore(state);
      const el = await renderPreview(store, { now: clockAt(state, 25) });
      expect(text(el)).to.contain('Time left: 0:25');
      await until(() => announced(el) !== '', 'the request is announced');
      expect(announced(el)).not.to.contain('seconds left');
      el.now = clockAt(state, 11);
      await el.updateComplete;
      expect(text(el)).to.contain('Time left: 0:11');
      expect(announced(el)).not.to.contain('seconds left');
      el.now = clockAt(state, 10);
      await el.updateComplete;
      expect(text(el)).to.contain('Time left: 0:10');
      const warning = announced(el);
      expect(warning).to.contain('10 seconds left to answer.');
      el.now = clockAt(state, 9.4);
      await el.updateComplete;
      expect(text(el)).to.contain('Time left: 0:10');
      el.now = clockAt(state, 3);
      await el.updateComplete;
      expect(text(el)).to.contain('Time left: 0:03');
      expect(announced(el)).to.equal(warning);
      await expect(el).to.be.accessible();
    });

    it('is not itself a live region', async () => {
      const el = await renderPreview(createFixtureStore(ringingForJim()));
      const countdown = el.shadowRoot!.querySelector('[part="time-left"]')!;
      expect(countdown.closest('[aria-live]')).to.equal(null);
      expect(countdown.getAttribute('role')).to.equal(null);
    });

    it('shows 0:00 once the time-out has passed and the engine has not answered yet', async () => {
      const state = ringingForJim();
      const el = await renderPreview(createFixtureStore(state), { now: clockAt(state, -4) });
      expect(text(el)).to.contain('Time left: 0:00');
    });
  });

  describe('answering', () => {
    it('Accept by keyboard sends accept-invitation and fires invitation-answer', async () => {
      const store = createFixtureStore(ringingForJim());
      const el = await renderPreview(store);
      button(el, 'Accept').focus();
      const heard = oneEvent(document, 'invitation-answer');
      await sendKeys({ press: 'Enter' });
      const e = (await heard) as CustomEvent<{ invitation: InvitationView; answer: string }>;
      expect(store.dispatched).to.deep.equal([{ type: 'accept-invitation', invitationId: FIXTURE_INVITATION_ID }]);
      expect(e.detail.answer).to.equal('accept');
      expect(e.detail.invitation.id).to.equal(FIXTURE_INVITATION_ID);
      expect(e.bubbles && e.composed).to.be.true;
    });

    it('Reject by keyboard sends reject-invitation and fires invitation-answer', async () => {
      const store = createFixtureStore(ringingForJim());
      const el = await renderPreview(store);
      button(el, 'Reject').focus();
      const heard = oneEvent(el, 'invitation-answer');
      await sendKeys({ press: 'Space' });
      const e = (await heard) as CustomEvent<{ answer: string }>;
      expect(store.dispatched).to.deep.equal([{ type: 'reject-invitation', invitationId: FIXTURE_INVITATION_ID }]);
      expect(e.detail.answer).to.equal('reject');
    });

    it('shows a refused answer as an alert and fires no event', async () => {
      const store = createFixtureStore(ringingForJim(), {
        onDispatch: () => ({ ok: false, error: { code: 'no-capacity', message: 'You already hold as many chats as you may.' } }),
      });
      const el = await renderPreview(store);
      let events = 0;
      el.addEventListener('invitation-answer', () => events++);
      button(el, 'Accept').click();
      await new Promise((resolve) => setTimeout(resolve));
      await el.updateComplete;
      const alert = el.shadowRoot!.querySelector('[role="alert"]');
      expect(alert?.textContent).to.equal('The request could not be accepted: You already hold as many chats as you may.');
      expect(events).to.equal(0);
      expect(preview(el)).to.exist;
      await expect(el).to.be.accessible();
    });

    it('does not report its own answered request as withdrawn', async () => {
      const state = ringingForJim();
      const store = createFixtureStore(state);
      const el = await renderPreview(store);
      button(el, 'Accept').click();
      store.setState({ invitations: { [FIXTURE_INVITATION_ID]: { ...invitationOf(state), state: 'accepted' } } });
      await el.updateComplete;
      expect(preview(el)).to.equal(null);
      expect(announced(el)).not.to.contain('Request withdrawn');
    });
  });

  describe('focus and announcements', () => {
    async function composerAndPreview(takeFocus: boolean) {
      const full = ringingForJim();
      const store = createFixtureStore({ ...full, invitations: {} });
      const wrapper = fixtureSync<HTMLDivElement>(html`
        <div>
          <textarea aria-label="Message"></textarea>
          <interaction-preview .store=${store} .now=${clockAt(full, 25)} ?take-focus=${takeFocus}></interaction-preview>
        </div>
      `);
      const el = wrapper.querySelector('interaction-preview')!;
      await el.updateComplete;
      const composer = wrapper.querySelector('textarea')!;
      composer.focus();
      await sendKeys({ type: 'Hello' });
      const arrive = async () => {
        store.setState({ invitations: full.invitations });
        await el.updateComplete;
      };
      const withdraw = async () => {
        store.setState({ invitations: { [FIXTURE_INVITATION_ID]: { ...invitationOf(full), state: 'cancelled' } } });
        await el.updateComplete;
      };
      return { el, store, composer, arrive, withdraw };
    }

    it('announces a request already ringing when the preview first renders, once its live region exists', async () => {
      const el = await renderPreview(createFixtureStore(ringingForJim()));
      await until(() => announced(el) !== '', 'the request is announced');
      expect(announced(el)).to.equal(
        'Avril Mai - Chat conference request: From: Kate Lewis. Origin: Inbound chat. Help with on line purchase.',
      );
    });

    it('without take-focus, never takes focus from a composer and announces the request politely', async () => {
      const { el, composer, arrive, withdraw } = await composerAndPreview(false);
      await arrive();
      expect(focusDescription()).to.equal('textarea:');
      expect(preview(el)!.getAttribute('role')).to.equal('region');
      expect(announced(el)).to.equal(
        'Avril Mai - Chat conference request: From: Kate Lewis. Origin: Inbound chat. Help with on line purchase.',
      );
      await sendKeys({ type: ' there' });
      expect(composer.value).to.equal('Hello there');
      await expect(el).to.be.accessible();
      await withdraw();
      expect(preview(el)).to.equal(null);
      expect(announced(el)).to.equal('Request withdrawn');
      expect(focusDescription()).to.equal('textarea:');
    });

    it('with take-focus, moves focus to the dialog, Tab reaches Accept, and focus returns when the request is withdrawn', async () => {
      const { el, composer, arrive, withdraw } = await composerAndPreview(true);
      await arrive();
      const dialog = preview(el)!;
      expect(dialog.getAttribute('role')).to.equal('dialog');
      expect(focusDescription()).to.equal('dialog');
      expect(title(el)).to.equal('Avril Mai - Chat conference request');
      const described = el.shadowRoot!.getElementById(dialog.getAttribute('aria-describedby')!)!.textContent!.replace(/\s+/g, ' ');
      expect(described).to.contain('From: Kate Lewis');
      expect(described).to.contain('Help with on line purchase');
      await expect(el).to.be.accessible();
      await sendKeys({ press: 'Tab' });
      expect(focusDescription()).to.equal('button:Accept');
      await sendKeys({ press: 'Tab' });
      expect(focusDescription()).to.equal('button:Reject');
      await withdraw();
      expect(preview(el)).to.equal(null);
      expect(announced(el)).to.equal('Request withdrawn');
      expect(focusDescription()).to.equal('textarea:');
      await sendKeys({ type: '!' });
      expect(composer.value).to.equal('Hello!');
    });

    it('with take-focus, Accept by keyboard returns focus to the composer once the request is taken', async () => {
      const { el, store, arrive } = await composerAndPreview(true);
      await arrive();
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Enter' });
      expect(store.dispatched).to.deep.equal([{ type: 'accept-invitation', invitationId: FIXTURE_INVITATION_ID }]);
      store.setState({ invitations: {} });
      await el.updateComplete;
      expect(focusDescription()).to.equal('textarea:');
      expect(announced(el)).not.to.contain('Request withdrawn');
    });

    it('Alt+Shift+R reaches the request from anywhere in one step (it says so in aria-keyshortcuts); focus-shortcut="none" turns it off', async () => {
      const { el, composer, arrive } = await composerAndPreview(false);
      await arrive();
      expect(focusDescription()).to.equal('textarea:', 'a request does not steal focus by default');
      expect(preview(el)!.getAttribute('aria-keyshortcuts')).to.equal('Alt+Shift+R');
      await altShiftR();
      expect(focusDescription()).to.equal('region');
      await sendKeys({ press: 'Tab' });
      expect(focusDescription()).to.equal('button:Accept');

      composer.focus();
      el.focusShortcut = 'none';
      await el.updateComplete;
      expect(preview(el)!.hasAttribute('aria-keyshortcuts')).to.equal(false);
      await altShiftR();
      expect(focusDescription()).to.equal('textarea:', 'the shortcut is off: focus stays in the composer');
    });

    it('Accept by keyboard hands focus to the accepted chat\'s window (its composer) when the host shows it', async () => {
      const ringing = ringingForJim();
      const joined = fixtureState('two-agent-conference', { viewer: 'jim' });
      const store = createFixtureStore(ringing);
      const wrapper = await fixture<HTMLDivElement>(html`
        <div>
          <interaction-preview .store=${store} .now=${clockAt(ringing, 25)}></interaction-preview>
          <chat-interaction .store=${store} session-id=${invitationOf(ringing).sessionId}></chat-interaction>
        </div>
      `);
      const el = wrapper.querySelector('interaction-preview')!;
      button(el, 'Accept').focus();
      await sendKeys({ press: 'Enter' });
      await until(() => store.dispatched.length === 1, 'the accept is sent');
      store.setState({ sessions: joined.sessions, invitations: { [FIXTURE_INVITATION_ID]: { ...invitationOf(ringing), state: 'accepted' } } });
      await until(() => focusDescription() === 'textarea:', `focus in the new window's composer (now ${focusDescription()})`);
      const chat = wrapper.querySelector('chat-interaction')!;
      expect(chat.shadowRoot!.querySelector('chat-composer')!.matches(':focus-within')).to.equal(true);
    });

    it('heading-level sets the title level and Case Information one below', async () => {
      const store = createFixtureStore(ringingForJim());
      const el = await fixture<InteractionPreview>(html`<interaction-preview .store=${store} heading-level="3" .now=${clockAt(ringingForJim(), 25)}></interaction-preview>`);
      expect(el.shadowRoot!.querySelector('[part="title"]')!.getAttribute('aria-level')).to.equal('3');
      expect(el.shadowRoot!.querySelector('[part="title"]')!.getAttribute('role')).to.equal('heading');
      expect(el.shadowRoot!.querySelector('[part="case"] .case-heading')!.getAttribute('aria-level')).to.equal('4');
      await expect(el).to.be.accessible();
    });

    it('with take-focus, a request withdrawn while focus is elsewhere leaves focus alone', async () => {
      const { el, composer, arrive, withdraw } = await composerAndPreview(true);
      await arrive();
      composer.focus();
      await withdraw();
      expect(focusDescription()).to.equal('textarea:');
      expect(announced(el)).to.equal('Request withdrawn');
    });
  });
});
