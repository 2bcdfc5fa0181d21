import { expect, fixture, fixtureSync, html, oneEvent } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import type { PartyView } from '../../engine/types.js';
import { createFixtureStore, fixtureState, FIXTURE_SESSION_ID, type FixtureStore } from '../../store/testing.js';
import type { WorkspaceState } from '../../store/types.js';
import './index.js';
import '../workspace-provider/index.js';
import { PartyMenuConfigError, type ConferencePartyMenu } from './index.js';

const SEED_ITEMS = ['Call', 'Start Instant Message Consultation', 'New E-mail', 'Delete From Conference'];

async function renderMenu(userId: string, store: FixtureStore, extra: { disabledActions?: string } = {}): Promise<ConferencePartyMenu> {
  return fixture<ConferencePartyMenu>(html`
    <conference-party-menu
      .store=${store}
      session-id=${FIXTURE_SESSION_ID}
      user-id=${userId}
      disabled-actions=${extra.disabledActions ?? ''}
    ></conference-party-menu>
  `);
}

const trigger = (el: ConferencePartyMenu) => el.shadowRoot!.querySelector<HTMLButtonElement>('button[aria-haspopup="menu"]')!;
const menu = (el: ConferencePartyMenu) => el.shadowRoot!.querySelector<HTMLElement>('[role="menu"]')!;
const items = (el: ConferencePartyMenu) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role="menuitem"]')];
const item = (el: ConferencePartyMenu, name: string) => items(el).find((i) => i.textContent!.trim() === name)!;
/** What has focus inside the menu, by its visible or accessible name (comparing elements would print whole components on failure). */
const focused = (el: ConferencePartyMenu) => {
  const active = el.shadowRoot!.activeElement;
  return active ? active.getAttribute('aria-label') ?? active.textContent!.trim() : null;
};
const isOpen = (el: ConferencePartyMenu) => trigger(el).getAttribute('aria-expanded') === 'true' && !menu(el).hidden;
const enabledNames = (el: ConferencePartyMenu) =>
  items(el)
    .filter((i) => i.getAttribute('aria-disabled') === 'false')
    .map((i) => i.textContent!.trim());

function withParty(state: WorkspaceState, userId: string, change: Partial<PartyView>): Partial<WorkspaceState> {
  const session = state.sessions[FIXTURE_SESSION_ID]!;
  return {
    sessions: {
      ...state.sessions,
      [FIXTURE_SESSION_ID]: { ...session, parties: session.parties.map((p) => (p.userId === userId ? { ...p, ...change } : p)) },
    },
  };
}

async function openByKeyboard(el: ConferencePartyMenu): Promise<void> {
  trigger(el).focus();
  await sendKeys({ press: 'Enter' });
  await el.updateComplete;
}

describe('conference-party-menu', () => {
  let store: FixtureStore;
  beforeEach(() => {
    store = createFixtureStore(fixtureState('two-agent-conference'));
  });

  describe('rendering', () => {
    it('is a closed menu button named after the party', async () => {
      const el = await renderMenu('jim', store);
      const button = trigger(el);
      expect(button.getAttribute('aria-label')).to.equal('Party actions for Jim Miller');
      expect(button.getAttribute('aria-expanded')).to.equal('false');
      expect(button.getAttribute('aria-controls')).to.equal(menu(el).id);
      expect(menu(el).hidden).to.be.true;
      await expect(el).to.be.accessible();
    });

    it('lists the seed actions in order, all enabled for another connected agent while I am connected', async () => {
      const el = await renderMenu('jim', store);
      trigger(el).click();
      await el.updateComplete;
      expect(isOpen(el)).to.be.true;
      expect(items(el).map((i) => i.textContent!.trim())).to.deep.equal(SEED_ITEMS);
      expect(enabledNames(el)).to.deep.equal(SEED_ITEMS);
      expect(menu(el).getAttribute('aria-labelledby')).to.equal(trigger(el).id);
      await expect(el).to.be.accessible();
    });

    it('offers the contact Call and New E-mail only; the rest stay listed but disabled', async () => {
      const el = await renderMenu('avril', store);
      trigger(el).click();
      await el.updateComplete;
      expect(trigger(el).getAttribute('aria-label')).to.equal('Party actions for Avril Mai');
      expect(items(el)).to.have.length(4);
      expect(enabledNames(el)).to.deep.equal(['Call', 'New E-mail']);
      expect(item(el, 'Delete From Conference').getAttribute('aria-disabled')).to.equal('true');
      await expect(el).to.be.accessible();
    });

    it('offers nothing on my own party', async () => {
      const el = await renderMenu('kate', store);
      trigger(el).click();
      await el.updateComplete;
      expect(enabledNames(el)).to.deep.equal([]);
      await expect(el).to.be.accessible();
    });

    it('offers only an IM consultation for an agent who is ringing or has left', async () => {
      store = createFixtureStore(fixtureState('all-party-states'));
      for (const who of ['jim', 'ravi', 'sofia', 'tom', 'lena']) {
        const el = await renderMenu(who, store);
        trigger(el).click();
        await el.updateComplete;
        expect(enabledNames(el), who).to.deep.equal(['Start Instant Message Consultation']);
        await expect(el).to.be.accessible();
      }
    });

    it('disables Delete From Conference once I have left the interaction', async () => {
      store.setState(withParty(store.state, 'kate', { state: 'left' }));
      const el = await renderMenu('jim', store);
      trigger(el).click();
      await el.updateComplete;
      expect(enabledNames(el)).to.deep.equal(['Call', 'Start Instant Message Consultation', 'New E-mail']);
      await expect(el).to.be.accessible();
    });

    it('follows the party state as it changes', async () => {
      const el = await renderMenu('jim', store);
      trigger(el).click();
      await el.updateComplete;
      store.setState(withParty(store.state, 'jim', { state: 'removed' }));
      await el.updateComplete;
      expect(enabledNames(el)).to.deep.equal(['Start Instant Message Consultation']);
    });
  });

  it('takes the store from an ancestor <workspace-provider>', async () => {
    const wrapper = await fixture<HTMLElement>(html`
      <workspace-provider .store=${store}>
        <conference-party-menu session-id=${FIXTURE_SESSION_ID} user-id="jim"></conference-party-menu>
      </workspace-provider>
    `);
    const el = wrapper.querySelector('conference-party-menu')!;
    await el.updateComplete;
    expect(trigger(el).getAttribute('aria-label')).to.equal('Party actions for Jim Miller');
    trigger(el).click();
    await el.updateComplete;
    item(el, 'Delete From Conference').click();
    expect(store.dispatched).to.deep.equal([{ type: 'remove-party', sessionId: FIXTURE_SESSION_ID, userId: 'jim' }]);
  });

  describe('permissions', () => {
    it('withdraws actions given as false in .permissions', async () => {
      const el = await renderMenu('jim', store);
      el.permissions = { call: false, delete: false };
      trigger(el).click();
      await el.updateComplete;
      expect(enabledNames(el)).to.deep.equal(['Start Instant Message Consultation', 'New E-mail']);
      await expect(el).to.be.accessible();
    });

    it('withdraws actions listed in disabled-actions', async () => {
      const el = await renderMenu('jim', store, { disabledActions: 'call email' });
      trigger(el).click();
      await el.updateComplete;
      expect(enabledNames(el)).to.deep.equal(['Start Instant Message Consultation', 'Delete From Conference']);
    });

    it('refuses an unknown action name with a readable error and keeps the previous setting', async () => {
      const el = await renderMenu('jim', store, { disabledActions: 'delete' });
      expect(() => {
        el.disabledActions = 'call fax';
      }).to.throw(PartyMenuConfigError, /unknown action "fax"/);
      trigger(el).click();
      await el.updateComplete;
      expect(enabledNames(el)).to.deep.equal(['Call', 'Start Instant Message Consultation', 'New E-mail']);
    });
  });

  describe('keyboard (menu button pattern)', () => {
    it('Enter opens on the first item, arrows wrap, Home and End jump, Escape closes back to the button', async () => {
      const el = await renderMenu('jim', store);
      await openByKeyboard(el);
      expect(isOpen(el)).to.be.true;
      expect(focused(el)).to.equal('Call');
      await sendKeys({ press: 'ArrowDown' });
      expect(focused(el)).to.equal('Start Instant Message Consultation');
      await sendKeys({ press: 'End' });
      expect(focused(el)).to.equal('Delete From Conference');
      await sendKeys({ press: 'ArrowDown' });
      expect(focused(el)).to.equal('Call');
      await sendKeys({ press: 'ArrowUp' });
      expect(focused(el)).to.equal('Delete From Conference');
      await sendKeys({ press: 'Home' });
      expect(focused(el)).to.equal('Call');
      await sendKeys({ press: 'Escape' });
      await el.updateComplete;
      expect(isOpen(el)).to.be.false;
      expect(focused(el)).to.equal(trigger(el).getAttribute('aria-label'));
    });

    it('Space opens on the first item and ArrowUp on the button opens on the last', async () => {
      const el = await renderMenu('jim', store);
      trigger(el).focus();
      await sendKeys({ press: 'Space' });
      await el.updateComplete;
      expect(isOpen(el)).to.be.true;
      expect(focused(el)).to.equal('Call');
      await sendKeys({ press: 'Escape' });
      await el.updateComplete;
      await sendKeys({ press: 'ArrowUp' });
      await el.updateComplete;
      expect(isOpen(el)).to.be.true;
      expect(focused(el)).to.equal('Delete From Conference');
    });

    it('moves to an item by its first letter', async () => {
      const el = await renderMenu('jim', store);
      await openByKeyboard(el);
      await sendKeys({ press: 'n' });
      expect(focused(el)).to.equal('New E-mail');
      await sendKeys({ press: 'd' });
      expect(focused(el)).to.equal('Delete From Conference');
    });

    it('keeps disabled items reachable but does nothing when one is activated', async () => {
      const el = await renderMenu('avril', store);
      let fired = 0;
      el.addEventListener('party-instant-message', () => fired++);
      await openByKeyboard(el);
      await sendKeys({ press: 'ArrowDown' });
      expect(focused(el)).to.equal('Start Instant Message Consultation');
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(fired).to.equal(0);
      expect(isOpen(el)).to.be.true;
      expect(store.dispatched).to.deep.equal([]);
    });

    it('Tab closes the menu and lets focus move on', async () => {
      const wrapper = fixtureSync<HTMLDivElement>(html`
        <div>
          <conference-party-menu .store=${store} session-id=${FIXTURE_SESSION_ID} user-id="jim"></conference-party-menu>
          <button id="after">After</button>
        </div>
      `);
      const el = wrapper.querySelector('conference-party-menu')!;
      await el.updateComplete;
      await openByKeyboard(el);
      await sendKeys({ press: 'Tab' });
      await el.updateComplete;
      expect(isOpen(el)).to.be.false;
      expect(document.activeElement?.id).to.equal('after');
    });
  });

  describe('actions', () => {
    for (const [name, event] of [
      ['Call', 'party-call'],
      ['Start Instant Message Consultation', 'party-instant-message'],
      ['New E-mail', 'party-email'],
    ] as const) {
      it(`${name} fires ${event} with the session and party, bubbling out of the shadow root`, async () => {
        const el = await renderMenu('jim', store);
        await openByKeyboard(el);
        item(el, name).focus();
        const heard = oneEvent(document, event);
        await sendKeys({ press: 'Enter' });
        const e = (await heard) as CustomEvent<{ sessionId: string; party: PartyView }>;
        expect(e.bubbles && e.composed).to.be.true;
        expect(e.detail.sessionId).to.equal(FIXTURE_SESSION_ID);
        expect(e.detail.party).to.include({ userId: 'jim', name: 'Jim Miller', state: 'connected' });
        await el.updateComplete;
        expect(isOpen(el)).to.be.false;
        expect(focused(el)).to.equal(trigger(el).getAttribute('aria-label'));
        expect(store.dispatched).to.deep.equal([]);
      });
    }

    it('Delete From Conference sends remove-party for the party', async () => {
      const el = await renderMenu('jim', store);
      trigger(el).click();
      await el.updateComplete;
      item(el, 'Delete From Conference').click();
      await el.updateComplete;
      expect(store.dispatched).to.deep.equal([{ type: 'remove-party', sessionId: FIXTURE_SESSION_ID, userId: 'jim' }]);
      expect(isOpen(el)).to.be.false;
    });

    it('shows a refused Delete From Conference as an alert', async () => {
      store = createFixtureStore(fixtureState('two-agent-conference'), {
        onDispatch: () => ({ ok: false, error: { code: 'invalid-state', message: 'Jim Miller has already left.' } }),
      });
      const el = await renderMenu('jim', store);
      await openByKeyboard(el);
      await sendKeys({ press: 'End' });
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      await new Promise((resolve) => setTimeout(resolve));
      await el.updateComplete;
      const alert = el.shadowRoot!.querySelector('[role="alert"]');
      expect(alert?.textContent).to.contain('Could not delete Jim Miller from the conference: Jim Miller has already left.');
      await expect(el).to.be.accessible();
    });
  });

  describe('mouse', () => {
    it('a click outside closes the menu without taking focus', async () => {
      const wrapper = fixtureSync<HTMLDivElement>(html`
        <div style="padding: 40px">
          <conference-party-menu .store=${store} session-id=${FIXTURE_SESSION_ID} user-id="jim"></conference-party-menu>
          <p id="elsewhere" style="margin-top: 200px">Elsewhere</p>
        </div>
      `);
      const el = wrapper.querySelector('conference-party-menu')!;
      await el.updateComplete;
      trigger(el).click();
      await el.updateComplete;
      expect(isOpen(el)).to.be.true;
      const box = wrapper.querySelector('#elsewhere')!.getBoundingClientRect();
      await sendMouse({ type: 'click', position: [Math.round(box.left + 5), Math.round(box.top + 5)] });
      await el.updateComplete;
      expect(isOpen(el)).to.be.false;
    });

    it('opens in the top layer beside its button, so a scrolling box around it never clips it (one placement with the Team Communicator)', async () => {
      const wrapper = fixtureSync<HTMLDivElement>(html`
        <div style="overflow: hidden; block-size: 40px; inline-size: 200px; margin-inline-start: 300px">
          <conference-party-menu .store=${store} session-id=${FIXTURE_SESSION_ID} user-id="jim"></conference-party-menu>
        </div>
      `);
      const el = wrapper.querySelector('conference-party-menu')!;
      await el.updateComplete;
      trigger(el).click();
      await el.updateComplete;
      expect(menu(el).matches(':popover-open')).to.equal(true);
      const box = wrapper.getBoundingClientRect();
      const rect = menu(el).getBoundingClientRect();
      const button = trigger(el).getBoundingClientRect();
      expect(rect.bottom).to.be.greaterThan(box.bottom, 'it reaches below the clipping box');
      expect(Math.abs(rect.top - (button.bottom + 2))).to.be.lessThan(1, 'right under its button');
      // What is under the menu's last item is that item: it is on top, not clipped.
      const items = [...menu(el).querySelectorAll('[role="menuitem"]')];
      const last = items[items.length - 1]!.getBoundingClientRect();
      const hit = el.shadowRoot!.elementFromPoint(last.left + 5, last.top + last.height / 2);
      expect(hit && items[items.length - 1]!.contains(hit)).to.equal(true);
    });

    it('a second click on the button closes the menu', async () => {
      const el = await renderMenu('jim', store);
      const box = trigger(el).getBoundingClientRect();
      const centre: [number, number] = [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)];
      await sendMouse({ type: 'click', position: centre });
      await el.updateComplete;
      expect(isOpen(el)).to.be.true;
      await sendMouse({ type: 'click', position: centre });
      await el.updateComplete;
      expect(isOpen(el)).to.be.false;
    });
  });
});
