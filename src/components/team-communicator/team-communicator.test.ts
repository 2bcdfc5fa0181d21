import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { CommandResult, InternalTarget } from '../../engine/types.js';
import { createFixtureStore, fixtureDirectory, fixtureState, type FixtureStore } from '../../store/testing.js';
import type { WorkspaceState } from '../../store/types.js';
import type { TargetListStorage } from './favorites.js';
import { generateDirectory } from './generate-directory.js';
import './index.js';
import { MORE_RESULTS, RESULT_LIMIT, type TeamCommunicator } from './team-communicator.js';
import { setLocale } from '../shared/localization.js';
import { countingStore } from '../test-support/counting-store.js';
import { LONG_TEST_MS, until } from '../test-support/wait.js';

class MemoryStorage implements TargetListStorage {
  readonly data = new Map<string, string>();
  getItem(key: string): string | null {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.data.set(key, value);
  }
}

interface Setup {
  mode?: string;
  state?: WorkspaceState;
  storage?: TargetListStorage;
  answer?: CommandResult;
  /** What the backend searches (default: the fixture directory). */
  directory?: readonly InternalTarget[];
}

async function mount(setup: Setup = {}): Promise<{ el: TeamCommunicator; store: FixtureStore; storage: TargetListStorage }> {
  const store = createFixtureStore(setup.state ?? fixtureState('connected'), {
    ...(setup.answer ? { onDispatch: () => setup.answer! } : {}),
    ...(setup.directory ? { directory: setup.directory } : {}),
  });
  const storage = setup.storage ?? new MemoryStorage();
  const el = await fixture<TeamCommunicator>(
    html`<team-communicator .store=${store} .storage=${storage} mode=${setup.mode ?? 'conference'} session-id="chat-1"></team-communicator>`,
  );
  return { el, store, storage };
}

const root = (el: Element) => el.shadowRoot!;
const combobox = (el: Element) => root(el).querySelector<HTMLInputElement>('[role="combobox"]')!;
const listbox = (el: Element) => root(el).querySelector<HTMLElement>('[role="listbox"]')!;
const options = (el: Element) => [...root(el).querySelectorAll<HTMLElement>('[role="option"]')];
const optionNames = (el: Element) => options(el).map((o) => o.querySelector('.name')!.textContent!.trim());
const groupNames = (el: Element) =>
  [...root(el).querySelectorAll<HTMLElement>('[role="listbox"] [role="group"]')].map((g) => root(el).getElementById(g.getAttribute('aria-labelledby')!)!.textContent!.trim());
const status = (el: Element) => root(el).querySelector('[role="status"]')!.textContent!.trim();
const alertText = (el: Element) => root(el).querySelector('[role="alert"]')!.textContent!.trim();
const menu = (el: Element) => root(el).querySelector<HTMLElement>('[role="menu"]');
const menuItems = (el: Element) => [...root(el).querySelectorAll<HTMLElement>('[role="menu"] [role="menuitem"]')];
const menuLabels = (el: Element) => menuItems(el).map((i) => i.querySelector('span')!.textContent!.trim());
const menuItem = (el: Element, label: string) => menuItems(el).find((i) => i.querySelector('span')!.textContent!.trim() === label)!;
const actionButton = (el: Element, name: string) => [...root(el).querySelectorAll<HTMLButtonElement>('button')].find((b) => b.getAttribute('aria-label') === `Actions for ${name}`)!;
const deepActive = (): Element | null => {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
};
const radio = (el: Element, label: string) =>
  [...root(el).querySelectorAll<HTMLInputElement>('input[type="radio"]')].find((r) => r.closest('label')!.textContent!.trim() === label)!;

/** Replaces the query by typing `text` into the search box. */
async function type(el: TeamCommunicator, text: string): Promise<void> {
  el.focusSearch();
  combobox(el).select();
  await sendKeys({ type: text });
  await el.updateComplete;
}

async function press(el: TeamCommunicator, key: string): Promise<void> {
  await sendKeys({ press: key });
  await el.updateComplete;
}

function activeOptionName(el: Element): string | undefined {
  const id = combobox(el).getAttribute('aria-activedescendant');
  return id ? root(el).getElementById(id)?.querySelector('.name')?.textContent?.trim() : undefined;
}

describe('<team-communicator>', () => {
  describe('search box', () => {
    it('is a combobox named "Type name or number" controlling a listbox', async () => {
      const { el } = await mount();
      const box = combobox(el);
      expect(box.getAttribute('aria-label')).to.equal('Type name or number');
      expect(box.getAttribute('aria-controls')).to.equal(listbox(el).id);
      expect(box.getAttribute('aria-expanded')).to.equal('false');
      await expect(el).to.be.accessible();
    });

    it('shows results as you type, by the start of a name', async () => {
      const { el } = await mount();
      await type(el, 'ji');
      expect(optionNames(el)).to.deep.equal(['Jim Miller']);
      expect(combobox(el).getAttribute('aria-expanded')).to.equal('true');
      expect(status(el)).to.equal('1 result');
      await expect(el).to.be.accessible();
    });

    it('finds by a later word of the name and by number, leaving out the user', async () => {
      const { el } = await mount();
      await type(el, 'mil');
      expect(optionNames(el)).to.deep.equal(['Jim Miller']);
      await type(el, '500');
      // Kate Lewis (5001) is the signed-in user: not a target for herself.
      expect(optionNames(el)).to.deep.equal(['Jim Miller', 'Lena Novak', 'Ravi Patel', 'Sofia Garcia', 'Tom Baker']);
      expect(status(el)).to.equal('5 results');
    });

    it('ignores case and diacritics', async () => {
      const directory: InternalTarget[] = [...fixtureDirectory(), { kind: 'agent', id: 'elodie', name: 'Élodie Ørsted', presence: { chat: 'ready', voice: 'ready', email: 'ready' }, chatCapacity: 2 }];
      const { el } = await mount({ directory });
      await type(el, 'ELODIE ors');
      expect(optionNames(el)).to.deep.equal(['Élodie Ørsted']);
    });

    it('says so when nothing matches', async () => {
      const { el } = await mount();
      await type(el, 'zzz');
      expect(options(el)).to.have.length(0);
      expect(status(el)).to.equal('No results');
      expect(combobox(el).getAttribute('aria-expanded')).to.equal('false');
      await expect(el).to.be.accessible();
    });

    it('shows each target with its type, presence as text and number', async () => {
      const { el } = await mount();
      await type(el, 'tom');
      const option = options(el)[0]!;
      expect(option.textContent!.replace(/\s+/g, ' ')).to.contain('Tom Baker').and.contain('Agent').and.contain('Offline').and.contain('5005');
      expect(option.querySelector('[part="presence"] svg')!.getAttribute('aria-hidden')).to.equal('true');
      expect(option.textContent).to.contain('Offline: cannot receive chats');
    });
    it('shows no presence for a queue, and no reason for an agent who can take a chat', async () => {
      const { el } = await mount();
      await type(el, 'billing');
      const queue = options(el)[0]!;
      const shown = (node: Element | null) => node !== null && getComputedStyle(node).display !== 'none';
      expect(shown(queue.querySelector('[part="presence"]'))).to.equal(false);
      expect(shown(queue.querySelector('.number'))).to.equal(true);
      expect(queue.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Billing Queue Queue 6001');
      await type(el, 'jim');
      const jim = options(el)[0]!;
      expect(shown(jim.querySelector('[part="presence"]'))).to.equal(true);
      expect(shown(jim.querySelector('.reason'))).to.equal(false);
      await type(el, 'tom');
      expect(shown(options(el)[0]!.querySelector('.reason'))).to.equal(true);
    });
  });

  describe('filter by type', () => {
    it('narrows results to agents, routing points or queues', async () => {
      const { el } = await mount();
      await type(el, 'b');
      expect(optionNames(el)).to.deep.equal(['Billing Queue', 'Tom Baker']);
      radio(el, 'Agent').click();
      await el.updateComplete;
      expect(optionNames(el)).to.deep.equal(['Tom Baker']);
      radio(el, 'Queue').click();
      await el.updateComplete;
      expect(optionNames(el)).to.deep.equal(['Billing Queue']);
      await type(el, 'ch');
      radio(el, 'Routing Point').click();
      await el.updateComplete;
      expect(optionNames(el)).to.deep.equal(['Chat Support Routing Point']);
      expect(radio(el, 'Routing Point').checked).to.equal(true);
      await expect(el).to.be.accessible();
    });

    it('with nothing typed, Queue or Routing Point browses every target of that type; All shows the lists again', async () => {
      const { el } = await mount();
      expect(optionNames(el)).to.deep.equal([]);
      radio(el, 'Queue').click();
      await el.updateComplete;
      const queues = fixtureDirectory().filter((t) => t.kind === 'queue').map((t) => t.name).sort();
      expect(queues.length).to.be.greaterThan(0);
      expect([...optionNames(el)].sort()).to.deep.equal(queues);
      expect(status(el)).to.match(/^\d+ results?$/);
      radio(el, 'Routing Point').click();
      await el.updateComplete;
      const points = fixtureDirectory().filter((t) => t.kind === 'routing-point').map((t) => t.name).sort();
      expect([...optionNames(el)].sort()).to.deep.equal(points);
      await expect(el).to.be.accessible();
      radio(el, 'All').click();
      await el.updateComplete;
      expect(optionNames(el)).to.deep.equal([]);
    });

    it('is a group of radio buttons named All, Agent, Routing Point, Queue', async () => {
      const { el } = await mount();
      const fieldset = root(el).querySelector('[part="filter"]')!;
      expect(fieldset.querySelector('legend')!.textContent!.trim()).to.equal('Filter by type');
      expect([...fieldset.querySelectorAll('label')].map((l) => l.textContent!.trim())).to.deep.equal(['All', 'Agent', 'Routing Point', 'Queue']);
      expect(radio(el, 'All').checked).to.equal(true);
    });
  });

  describe('Favorites and Recent', () => {
    it('shows Favorites and Recent while the query is empty, and keeps them for the next Team Communicator', async () => {
      const storage = new MemoryStorage();
      const first = await mount({ mode: 'conference', storage });
      expect(options(first.el)).to.have.length(0);
      await type(first.el, 'billing');
      await press(first.el, 'ArrowDown');
      await press(first.el, 'Enter');
      menuItem(first.el, 'Add to Favorites').click();
      await first.el.updateComplete;
      await type(first.el, 'jim');
      await press(first.el, 'ArrowDown');
      await press(first.el, 'Enter');
      const closed = oneEvent(first.el, 'team-communicator-close');
      menuItem(first.el, 'Instant Chat Conference').click();
      expect((await closed).detail).to.deep.equal({ reason: 'action' });

      const second = await mount({ mode: 'conference', storage });
      expect(groupNames(second.el)).to.deep.equal(['Favorites', 'Recent']);
      expect(optionNames(second.el)).to.deep.equal(['Billing Queue', 'Jim Miller']);
      await expect(second.el).to.be.accessible();

      await type(second.el, 'j');
      expect(groupNames(second.el)).to.deep.equal(['Search results']);
    });

    it('removes a favorite with "Remove from Favorites"', async () => {
      const storage = new MemoryStorage();
      storage.setItem('workspace-chat:team-communicator:kate', JSON.stringify({ favorites: ['jim'], recent: [] }));
      const { el } = await mount({ storage });
      expect(optionNames(el)).to.deep.equal(['Jim Miller']);
      actionButton(el, 'Jim Miller').click();
      await el.updateComplete;
      menuItem(el, 'Remove from Favorites').click();
      await el.updateComplete;
      expect(options(el)).to.have.length(0);
    });

    it('names each actions button apart when one target is both a favorite and recent (the first keeps the plain name)', async () => {
      const storage = new MemoryStorage();
      storage.setItem('workspace-chat:team-communicator:kate', JSON.stringify({ favorites: ['jim'], recent: ['jim'] }));
      const { el } = await mount({ storage });
      expect(groupNames(el)).to.deep.equal(['Favorites', 'Recent']);
      const names = [...root(el).querySelectorAll('button[aria-haspopup="menu"]')].map((b) => b.getAttribute('aria-label'));
      expect(names).to.deep.equal(['Actions for Jim Miller', 'Actions for Jim Miller (Recent)']);
      await expect(el).to.be.accessible();
    });

    it('filters Favorites by type too', async () => {
      const storage = new MemoryStorage();
      storage.setItem('workspace-chat:team-communicator:kate', JSON.stringify({ favorites: ['jim', 'billing-queue'], recent: [] }));
      const { el } = await mount({ storage });
      radio(el, 'Queue').click();
      await el.updateComplete;
      expect(optionNames(el)).to.deep.equal(['Billing Queue']);
    });
  });

  describe('keyboard (combobox pattern)', () => {
    it('moves the active option with ArrowDown, ArrowUp, Home and End', async () => {
      const { el } = await mount();
      await type(el, '500');
      expect(activeOptionName(el)).to.equal(undefined);
      await press(el, 'ArrowDown');
      expect(activeOptionName(el)).to.equal('Jim Miller');
      await press(el, 'ArrowDown');
      expect(activeOptionName(el)).to.equal('Lena Novak');
      await press(el, 'ArrowUp');
      expect(activeOptionName(el)).to.equal('Jim Miller');
      await press(el, 'End');
      expect(activeOptionName(el)).to.equal('Tom Baker');
      await press(el, 'Home');
      expect(activeOptionName(el)).to.equal('Jim Miller');
      const active = root(el).getElementById(combobox(el).getAttribute('aria-activedescendant')!)!;
      expect(active.getAttribute('aria-selected')).to.equal('true');
      expect(deepActive()).to.equal(combobox(el));
      await expect(el).to.be.accessible();
    });

    it('opens the active option\'s menu with Enter; Escape closes it, then clears, then asks to close', async () => {
      const { el } = await mount();
      await type(el, 'jim');
      await press(el, 'ArrowDown');
      await press(el, 'Enter');
      expect(menu(el)).to.exist;
      expect(actionButton(el, 'Jim Miller').getAttribute('aria-expanded')).to.equal('true');
      expect(deepActive()).to.equal(menuItems(el)[0]);
      await expect(el).to.be.accessible();

      await press(el, 'Escape');
      expect(menu(el)).to.equal(null);
      expect(deepActive()).to.equal(combobox(el));
      expect(combobox(el).value).to.equal('jim');

      await press(el, 'Escape');
      expect(combobox(el).value).to.equal('');

      setTimeout(() => void sendKeys({ press: 'Escape' }));
      const closed = await oneEvent(el, 'team-communicator-close');
      expect(closed.detail).to.deep.equal({ reason: 'cancel' });
    });
  });

  describe('action menu (menu button pattern)', () => {
    it('is opened by "Actions for <name>" and moves with arrows, Home, End and a typed letter', async () => {
      const { el } = await mount({ mode: 'consultation' });
      await type(el, 'jim');
      const button = actionButton(el, 'Jim Miller');
      expect(button.getAttribute('aria-haspopup')).to.equal('menu');
      expect(button.getAttribute('aria-expanded')).to.equal('false');
      button.click();
      await el.updateComplete;
      expect(button.getAttribute('aria-controls')).to.equal(menu(el)!.id);
      const items = menuItems(el);
      expect(deepActive()).to.equal(items[0]);
      await press(el, 'ArrowDown');
      expect(deepActive()).to.equal(items[1]);
      await press(el, 'End');
      expect(deepActive()).to.equal(items[items.length - 1]);
      await press(el, 'ArrowDown');
      expect(deepActive()).to.equal(items[0]);
      await press(el, 'ArrowUp');
      expect(deepActive()).to.equal(items[items.length - 1]);
      await press(el, 'Home');
      expect(deepActive()).to.equal(items[0]);
      await press(el, 'a');
      expect(deepActive()).to.equal(menuItem(el, 'Add to Favorites'));
      await press(el, 'Escape');
      expect(menu(el)).to.equal(null);
      expect(deepActive()).to.equal(button);
      expect(button.getAttribute('aria-expanded')).to.equal('false');
    });

    it('activates the focused item with Enter or Space', async () => {
      const { el } = await mount({ mode: 'consultation' });
      await type(el, 'jim');
      actionButton(el, 'Jim Miller').click();
      await el.updateComplete;
      await press(el, 'End');
      await press(el, ' ');
      // "Add to Favorites" was last; the button now offers removal.
      actionButton(el, 'Jim Miller').click();
      await el.updateComplete;
      expect(menuLabels(el)).to.include('Remove from Favorites');
      await press(el, 'ArrowDown');
      const event = oneEvent(el, 'target-voice-consultation');
      await press(el, 'Enter');
      expect((await event).detail.target.id).to.equal('jim');
    });

    const agentActions: Record<string, string[]> = {
      conference: ['Instant Chat Conference', 'Add to Favorites'],
      consultation: ['Start Chat Consultation', 'Start Voice Consultation', 'Start Instant Message Consultation', 'Add to Favorites'],
      transfer: ['Instant Chat Transfer', 'Add to Favorites'],
      browse: ['Start Voice Consultation', 'Start Instant Message Consultation', 'Add to Favorites'],
    };
    const queueActions: Record<string, string[]> = {
      conference: ['Instant Chat Conference', 'Add to Favorites'],
      consultation: ['Start Chat Consultation', 'Add to Favorites'],
      transfer: ['Instant Chat Transfer', 'Add to Favorites'],
      browse: ['Add to Favorites'],
    };
    for (const mode of Object.keys(agentActions)) {
      it(`lists only the actions that fit ${mode} mode, for an agent and for a queue`, async () => {
        const { el } = await mount({ mode });
        await type(el, 'jim');
        actionButton(el, 'Jim Miller').click();
        await el.updateComplete;
        expect(menuLabels(el)).to.deep.equal(agentActions[mode]);
        await expect(el).to.be.accessible();
        await press(el, 'Escape');
        await type(el, 'billing');
        actionButton(el, 'Billing Queue').click();
        await el.updateComplete;
        expect(menuLabels(el)).to.deep.equal(queueActions[mode]);
      });
    }

    it('disables chat actions for an offline agent, with the reason', async () => {
      const { el, store } = await mount({ mode: 'consultation' });
      await type(el, 'tom');
      actionButton(el, 'Tom Baker').click();
      await el.updateComplete;
      const chat = menuItem(el, 'Start Chat Consultation');
      expect(chat.getAttribute('aria-disabled')).to.equal('true');
      expect(chat.textContent).to.contain('Offline: cannot receive chats');
      expect(menuItem(el, 'Start Voice Consultation').getAttribute('aria-disabled')).to.equal('true');
      expect(menuItem(el, 'Start Instant Message Consultation').getAttribute('aria-disabled')).to.equal('false');
      await expect(el).to.be.accessible();
      await press(el, 'Enter');
      chat.click();
      await el.updateComplete;
      expect(store.dispatched).to.deep.equal([]);
    });
  });

  describe('commands and events', () => {
    const cases = [
      { mode: 'conference', label: 'Instant Chat Conference', kind: 'conference' },
      { mode: 'consultation', label: 'Start Chat Consultation', kind: 'consultation' },
      { mode: 'transfer', label: 'Instant Chat Transfer', kind: 'transfer' },
    ] as const;
    for (const c of cases) {
      it(`"${c.label}" dispatches an invite of kind ${c.kind} and closes`, async () => {
        const { el, store } = await mount({ mode: c.mode });
        await type(el, 'jim');
        await press(el, 'ArrowDown');
        await press(el, 'Enter');
        const closed = oneEvent(el, 'team-communicator-close');
        await press(el, 'Enter');
        expect((await closed).detail).to.deep.equal({ reason: 'action' });
        expect(store.dispatched).to.deep.equal([{ type: 'invite', sessionId: 'chat-1', kind: c.kind, targetId: 'jim' }]);
      });
    }

    it('invites a queue by its id', async () => {
      const { el, store } = await mount({ mode: 'transfer' });
      await type(el, '6001');
      actionButton(el, 'Billing Queue').click();
      await el.updateComplete;
      menuItem(el, 'Instant Chat Transfer').click();
      await el.updateComplete;
      expect(store.dispatched).to.deep.equal([{ type: 'invite', sessionId: 'chat-1', kind: 'transfer', targetId: 'billing-queue' }]);
    });

    it('shows the error of a refused invite and stays open', async () => {
      const answer: CommandResult = { ok: false, error: { code: 'no-capacity', message: 'Jim Miller cannot take another chat now.' } };
      const { el, store } = await mount({ mode: 'conference', answer });
      let closed = false;
      el.addEventListener('team-communicator-close', () => (closed = true));
      await type(el, 'jim');
      await press(el, 'ArrowDown');
      await press(el, 'Enter');
      await press(el, 'Enter');
      await new Promise((r) => setTimeout(r));
      await el.updateComplete;
      expect(store.dispatched).to.have.length(1);
      expect(alertText(el)).to.equal('Jim Miller cannot take another chat now.');
      expect(closed).to.equal(false);
      expect(deepActive()).to.equal(combobox(el));
      await expect(el).to.be.accessible();
    });

    it('fires target-instant-message with the session and target, and records Recent', async () => {
      const storage = new MemoryStorage();
      const { el } = await mount({ mode: 'consultation', storage });
      await type(el, 'lena');
      actionButton(el, 'Lena Novak').click();
      await el.updateComplete;
      const event = oneEvent(el, 'target-instant-message');
      menuItem(el, 'Start Instant Message Consultation').click();
      const { detail } = await event;
      expect(detail.sessionId).to.equal('chat-1');
      expect(detail.target.name).to.equal('Lena Novak');
      const again = await mount({ storage });
      expect(groupNames(again.el)).to.deep.equal(['Recent']);
      expect(optionNames(again.el)).to.deep.equal(['Lena Novak']);
    });

    it('fires target-voice-consultation in browse mode, without a session', async () => {
      const store = createFixtureStore(fixtureState('connected'));
      const el = await fixture<TeamCommunicator>(html`<team-communicator .store=${store} .storage=${null} mode="browse"></team-communicator>`);
      await type(el, 'ravi');
      actionButton(el, 'Ravi Patel').click();
      await el.updateComplete;
      const event = oneEvent(el, 'target-voice-consultation');
      menuItem(el, 'Start Voice Consultation').click();
      const { detail } = await event;
      expect(detail).to.not.have.property('sessionId');
      expect(detail.target.id).to.equal('ravi');
    });
  });

  describe('Active Consultations', () => {
    it('lists the consultation peer in conference mode and conferences them from the consultation', async () => {
      const { el, store } = await mount({ mode: 'conference', state: fixtureState('active-consultation') });
      expect(groupNames(el)).to.deep.equal(['Active Consultations']);
      expect(optionNames(el)).to.deep.equal(['Jim Miller']);
      await expect(el).to.be.accessible();
      actionButton(el, 'Jim Miller').click();
      await el.updateComplete;
      expect(menuLabels(el)).to.deep.equal(['Instant Chat Conference', 'Add to Favorites']);
      const closed = oneEvent(el, 'team-communicator-close');
      menuItem(el, 'Instant Chat Conference').click();
      await closed;
      expect(store.dispatched).to.deep.equal([{ type: 'invite', sessionId: 'chat-1', kind: 'conference', targetId: 'jim', consultationId: 'consult-1' }]);
    });

    it('is not shown in the other modes', async () => {
      const { el } = await mount({ mode: 'transfer', state: fixtureState('active-consultation') });
      expect(groupNames(el)).to.deep.equal([]);
    });
  });

  describe('focus, theme and direction', () => {
    it('focuses the search box with focusSearch() and on first render with autofocus', async () => {
      const store = createFixtureStore(fixtureState('connected'));
      const el = await fixture<TeamCommunicator>(html`<team-communicator autofocus .store=${store} .storage=${null}></team-communicator>`);
      expect(deepActive()).to.equal(combobox(el));
      combobox(el).blur();
      el.focusSearch();
      expect(deepActive()).to.equal(combobox(el));
    });

    it('is accessible in the dark theme and right to left', async () => {
      const store = createFixtureStore(fixtureState('connected'));
      // dir on the element itself: fixture() of a plain wrapper waits for an animation frame, which a background test page never gets.
      const el = await fixture<TeamCommunicator>(
        html`<team-communicator dir="rtl" theme="dark" mode="consultation" session-id="chat-1" .store=${store} .storage=${null}></team-communicator>`,
      );
      expect(getComputedStyle(combobox(el)).direction).to.equal('rtl');
      await type(el, 'b');
      expect(optionNames(el)).to.deep.equal(['Billing Queue', 'Tom Baker']);
      await expect(el).to.be.accessible();
    });
  });

  describe('a 50,000-entry directory', function () {
    // Whole lessons and 10,000s of entries: slow on a loaded machine, and every wait inside is bounded anyway.
    this.timeout(LONG_TEST_MS);
    const large = () => [...fixtureDirectory(), ...generateDirectory(50_000)];

    it('renders a first page of results, says how many match, and shows more on "Show more results"', async () => {
      const directory = large();
      const { el, store } = await mount({ directory });
      await type(el, 'jim mil');
      expect(options(el)).to.have.length(RESULT_LIMIT);
      const total = directory.filter((t) => /^Jim Miller\b/.test(t.name)).length;
      expect(status(el)).to.equal(`${total.toLocaleString()} results`);
      expect(root(el).querySelector('[part="more"]')!.textContent!.trim()).to.equal(`Showing ${RESULT_LIMIT} of ${total.toLocaleString()}`);
      // The fixture's Jim Miller is the shortest name with that start: first by name.
      expect(optionNames(el)[0]).to.equal('Jim Miller');
      expect(optionNames(el).every((n) => n.startsWith('Jim Miller'))).to.equal(true);
      await expect(el).to.be.accessible();

      const more = root(el).querySelector<HTMLButtonElement>('[part="more-button"]')!;
      expect(more.textContent!.trim()).to.equal('Show more results');
      more.click();
      await el.updateComplete;
      expect(options(el)).to.have.length(RESULT_LIMIT + MORE_RESULTS);
      expect(store.directory.searches.at(-1)).to.deep.equal({ query: 'jim mil', filter: 'all', offset: RESULT_LIMIT, limit: MORE_RESULTS });
      expect(root(el).querySelector('[part="more"]')!.textContent!.trim()).to.equal(`Showing ${RESULT_LIMIT + MORE_RESULTS} of ${total.toLocaleString()}`);
      // The first new result is the active option, with focus back in the search box for the arrow keys.
      expect(activeOptionName(el)).to.equal(optionNames(el)[RESULT_LIMIT]);
      expect(deepActive()).to.equal(combobox(el));
      expect(new Set(optionNames(el)).size).to.equal(RESULT_LIMIT + MORE_RESULTS, 'no target twice');
    });

    it('loads the next page when ArrowDown goes past the last result', async () => {
      const { el } = await mount({ directory: large() });
      await type(el, 'jim mil');
      await press(el, 'ArrowDown');
      await press(el, 'End');
      const last = activeOptionName(el);
      expect(last).to.equal(optionNames(el)[RESULT_LIMIT - 1]);
      await press(el, 'ArrowDown');
      await until(() => activeOptionName(el) === optionNames(el)[RESULT_LIMIT], 'the first result of the next page is active');
      expect(options(el)).to.have.length(RESULT_LIMIT + MORE_RESULTS);
    });

    it('writes the counts in the language chosen with setLocale, not the browser\'s', async () => {
      const directory = large();
      const { el, store } = await mount({ directory });
      const answer = await store.searchDirectory({ query: 'a' });
      const total = answer.ok ? answer.page.total : 0;
      expect(total).to.be.greaterThan(999);
      await setLocale('fr');
      try {
        await el.updateComplete;
        await type(el, 'a');
        // French groups thousands with a narrow no-break space: "12 345", not "12,345".
        expect(root(el).querySelector('[part="more"]')!.textContent).to.contain(total.toLocaleString('fr'));
        expect(root(el).querySelector('[part="more"]')!.textContent).not.to.contain(total.toLocaleString('en'));
      } finally {
        await setLocale('en');
      }
    });
  });

  describe('searching through the backend', () => {
    it('shows the ranked page the backend answers for what was typed', async () => {
      const extra: InternalTarget[] = [
        { kind: 'agent', id: 'sam', name: 'Sam Jimenez', presence: { chat: 'ready', voice: 'ready', email: 'ready' }, chatCapacity: 2 },
        { kind: 'agent', id: 'jimmy', name: 'Jimmy Lee', presence: { chat: 'ready', voice: 'ready', email: 'ready' }, chatCapacity: 2 },
      ];
      const { el, store } = await mount({ directory: [...fixtureDirectory(), ...extra] });
      await type(el, 'jim');
      // A prefix of the whole name ranks above a later word's; ties by name.
      expect(optionNames(el)).to.deep.equal(['Jim Miller', 'Jimmy Lee', 'Sam Jimenez']);
      expect(store.directory.searches.at(-1)).to.deep.equal({ query: 'jim', filter: 'all', offset: 0, limit: RESULT_LIMIT });
    });

    it('never lets an older answer replace the results of a newer query', async () => {
      const { el, store } = await mount();
      const held = store.directory.hold((q) => q.query === 'j');
      // "j" is asked first and held back; "ji" is asked next and answered.
      el.focusSearch();
      await sendKeys({ type: 'j' });
      await until(() => store.directory.searches.some((q) => q.query === 'j'), '"j" asked');
      await sendKeys({ type: 'i' });
      await el.updateComplete;
      expect(store.directory.searches.map((q) => q.query)).to.deep.equal(['j', 'ji']);
      expect(optionNames(el)).to.deep.equal(['Jim Miller']);
      held.release();
      await until(() => store.directory.answered === store.directory.searches.length, 'the held answer arrived');
      await el.updateComplete;
      expect(optionNames(el)).to.deep.equal(['Jim Miller']);
      expect(status(el)).to.equal('1 result');
    });

    it('applies ArrowDown and Enter pressed before the answer to the latest text, not to the older rows shown', async () => {
      const { el, store } = await mount();
      await type(el, 'b');
      const older = optionNames(el);
      expect(older).to.deep.equal(['Billing Queue', 'Tom Baker']);
      const held = store.directory.hold((q) => q.query === 'ba');
      combobox(el).focus();
      // A fast typist: "ba", then ArrowDown and Enter while the rows for "b" still show.
      await sendKeys({ type: 'a' });
      await until(() => store.directory.searches.some((q) => q.query === 'ba'), '"ba" asked');
      await sendKeys({ press: 'ArrowDown' });
      await sendKeys({ press: 'Enter' });
      // Booleans, not elements: a failing assertion that prints an element stalls the runner.
      expect(menu(el) === null, 'no menu opened for an older row').to.equal(true);
      expect(optionNames(el)).to.deep.equal(older);
      held.release();
      await el.updateComplete;
      expect(optionNames(el)).to.deep.equal(['Tom Baker']);
      expect(activeOptionName(el)).to.equal('Tom Baker');
      expect(menu(el) !== null, 'the action menu of the first new result is open').to.equal(true);
      expect(root(el).querySelector(`[aria-label="Actions for Tom Baker"]`)?.getAttribute('aria-expanded')).to.equal('true');
    });

    it('keeps the previous results while a slow search runs, saying "Searching…", then shows the answer', async () => {
      const { el, store } = await mount();
      await type(el, '500');
      expect(optionNames(el)).to.have.length(5);
      const held = store.directory.hold();
      combobox(el).focus();
      await sendKeys({ type: '2' });
      await until(() => status(el) === 'Searching…', 'the status says the search is under way');
      expect(optionNames(el)).to.have.length(5);
      expect(combobox(el).getAttribute('aria-busy')).to.equal('true');
      await expect(el).to.be.accessible();
      held.release();
      await el.updateComplete;
      expect(optionNames(el)).to.deep.equal(['Jim Miller']);
      expect(status(el)).to.equal('1 result');
      expect(combobox(el).getAttribute('aria-busy')).to.equal('false');
    });

    it('says when a search failed, keeps what was shown, and searches again on the next keystroke', async () => {
      const { el, store } = await mount();
      await type(el, 'ji');
      store.directory.searchError = { code: 'not-connected', message: 'The directory cannot be searched because the transport is not connected.' };
      combobox(el).focus();
      await sendKeys({ type: 'm' });
      await el.updateComplete;
      expect(status(el)).to.equal('Cannot search while disconnected. Type again to retry.');
      expect(optionNames(el)).to.deep.equal(['Jim Miller']);
      store.directory.searchError = undefined;
      await sendKeys({ press: 'Backspace' });
      await el.updateComplete;
      await sendKeys({ type: 'm' });
      await el.updateComplete;
      expect(status(el)).to.equal('1 result');
      expect(store.directory.searches.at(-1)?.query).to.equal('jim');
    });

    it("updates a shown agent's presence icon when the backend pushes a change", async () => {
      const storage = new MemoryStorage();
      storage.setItem('workspace-chat:team-communicator:kate', JSON.stringify({ favorites: ['jim'], recent: [] }));
      const { el, store } = await mount({ storage });
      const presence = () => root(el).querySelector('[role="option"] [part="presence"]')!;
      expect(presence().classList.contains('ready')).to.equal(true);
      expect(presence().textContent!.trim()).to.equal('Ready');
      store.directory.setPresence('jim', 'chat', 'offline');
      await until(() => presence().classList.contains('offline'), "Jim's icon shows Offline");
      expect(presence().textContent!.trim()).to.equal('Offline');
      await type(el, 'jim');
      store.directory.setPresence('jim', 'chat', 'after-call-work');
      await until(() => presence().textContent!.trim() === 'After Call Work', 'a search result follows the change too');
    });

    it('watches Favorites, Recent and the results shown; the set shrinks as the results change and is released on removal', async () => {
      const storage = new MemoryStorage();
      storage.setItem('workspace-chat:team-communicator:kate', JSON.stringify({ favorites: ['billing-queue'], recent: ['ravi'] }));
      const store = countingStore(createFixtureStore(fixtureState('connected')));
      const el = await fixture<TeamCommunicator>(html`<team-communicator .store=${store} .storage=${storage} mode="transfer" session-id="chat-1"></team-communicator>`);
      const watched = () => [...store.directory.watched].sort();
      await until(() => watched().join() === 'billing-queue,ravi', 'Favorites and Recent watched');
      await type(el, '500');
      await until(() => watched().join() === 'billing-queue,jim,lena,ravi,sofia,tom', 'the results watched too');
      await type(el, 'tom');
      await until(() => watched().join() === 'billing-queue,ravi,tom', 'results no longer shown are no longer watched');
      el.remove();
      await until(() => watched().length === 0, 'nothing watched once removed');
      expect(store.open()).to.equal(0);
    });
  });
});
