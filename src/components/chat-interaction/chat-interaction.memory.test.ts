import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { createMemoryContactCenter, startSeedChat, type MemoryContactCenter } from '../../transport/memory/index.js';
import { createWorkspaceStore } from '../../store/index.js';
import type { WorkspaceStore } from '../../store/types.js';
import './index.js';
import type { ChatInteraction } from './index.js';
import { accessibleName, allByRole, deepActiveElement, getButton, getByRole, queryByRole } from './test-queries.js';
import { LONG_TEST_MS, until } from '../test-support/wait.js';

/*
 * The seed's first lesson on the real engine (memory transport) through two agents'
 * windows: Kate conferences Jim from the toolbar, Jim joins, Kate ends (the chat passes
 * to Jim), Kate saves a disposition and is Done.
 */

const partyItems = (el: Element) => allByRole(getByRole(el, 'list', 'Parties'), 'listitem').map((li) => accessibleName(li));
const statuses = (el: Element) => allByRole(el, 'status').map((s) => accessibleName(s));

async function agentStore(center: MemoryContactCenter, id: string): Promise<WorkspaceStore> {
  const store = createWorkspaceStore({ transport: center.transport(), user: { id } });
  await store.connect();
  return store;
}

async function acceptIncoming(store: WorkspaceStore, center: MemoryContactCenter): Promise<void> {
  await until(() => Object.values(store.state.invitations).some((i) => i.state === 'pending' && i.invitee?.id === store.state.user?.id));
  const invitation = Object.values(store.state.invitations).find((i) => i.state === 'pending' && i.invitee?.id === store.state.user?.id)!;
  const result = await store.dispatch({ type: 'accept-invitation', invitationId: invitation.id });
  expect(result.ok, JSON.stringify(result)).to.equal(true);
  await center.settle();
}

/** Opens the Team Communicator from `tool`, finds `name` (typed, unless `typed` is false) and picks `action` from its menu. */
async function actFromToolbar(el: ChatInteraction, tool: string, name: string, action: string, typed = true): Promise<void> {
  getButton(el, tool).focus();
  await sendKeys({ press: 'Enter' });
  await until(() => el.shadowRoot!.querySelector('team-communicator'));
  const communicator = el.shadowRoot!.querySelector('team-communicator')!;
  // Its view loads on demand: the search box may come a moment after the element.
  await until(() => {
    const search = queryByRole(communicator, 'combobox', 'Type name or number');
    return search !== undefined && deepActiveElement() === search;
  }, 'the focus in the Team Communicator\'s search box');
  if (typed) await sendKeys({ type: name });
  // Without typing, the first row of that name is the Active Consultations one.
  await until(() => queryByRole(communicator, 'button', `Actions for ${name}`));
  (queryByRole(communicator, 'button', `Actions for ${name}`) as HTMLButtonElement).click();
  await until(() => queryByRole(communicator, 'menuitem', action));
  getByRole(communicator, 'menuitem', action).click();
  await until(() => !el.shadowRoot!.querySelector('team-communicator'));
}

const conferenceFromToolbar = (el: ChatInteraction, name: string) => actFromToolbar(el, 'Instant Chat Conference', name, 'Instant Chat Conference');

describe('chat-interaction on the memory transport', function () {
  // Whole lessons and 10,000s of entries: slow on a loaded machine, and every wait inside is bounded anyway.
  this.timeout(LONG_TEST_MS);
  let center: MemoryContactCenter;
  let kate: WorkspaceStore;
  let jim: WorkspaceStore;

  beforeEach(async () => {
    center = createMemoryContactCenter();
    kate = await agentStore(center, 'kate');
    jim = await agentStore(center, 'jim');
    await startSeedChat(center);
    await center.settle();
    await acceptIncoming(kate, center);
  });

  afterEach(() => {
    kate.destroy();
    jim.destroy();
    center.dispose();
  });

  it('instant conference, automatic transfer on End, disposition and Done', async () => {
    const kateWindow = await fixture<ChatInteraction>(html`<chat-interaction .store=${kate}></chat-interaction>`);
    await until(() => queryByRole(kateWindow, 'heading', 'Avril Mai'));
    expect(partyItems(kateWindow)).to.deep.equal(['Avril Mai Connected', 'Kate Lewis (you) Connected']);

    await conferenceFromToolbar(kateWindow, 'Jim Miller');
    // The Team Communicator closed itself after the action; focus is back on the toolbar.
    expect(deepActiveElement()).to.equal(getButton(kateWindow, 'Instant Chat Conference'));
    await center.settle();
    await until(() => getByRole(kateWindow, 'list', 'Pending invitations').textContent!.includes('Inviting Jim Miller…'));
    expect(partyItems(kateWindow)).to.include('Jim Miller Ringing');

    await acceptIncoming(jim, center);
    const jimWindow = await fixture<ChatInteraction>(html`<chat-interaction .store=${jim}></chat-interaction>`);
    await until(() => partyItems(kateWindow).includes('Jim Miller Connected'));
    expect(queryByRole(kateWindow, 'list', 'Pending invitations')).to.equal(undefined);
    expect(partyItems(jimWindow)).to.deep.equal(['Avril Mai Connected', 'Kate Lewis Connected', 'Jim Miller (you) Connected']);
    await expect(kateWindow).to.be.accessible();

    getButton(kateWindow, 'End').click();
    await center.settle();
    await until(() => queryByRole(kateWindow, 'region', 'Dispositions'));
    expect(kateWindow.shadowRoot!.querySelector('[part="state"]')!.textContent!.trim()).to.equal('Ended');
    await until(() => partyItems(jimWindow).includes('Kate Lewis Ended'));
    // Jim keeps the contact and may still conference or transfer.
    expect(jimWindow.shadowRoot!.querySelector('[part="state"]')!.textContent!.trim()).to.equal('Connected');
    expect(getButton(jimWindow, 'Instant Chat Transfer').disabled).to.equal(false);

    const select = getByRole(kateWindow, 'combobox', 'Disposition Code') as HTMLSelectElement;
    select.value = select.options[1]!.value;
    select.dispatchEvent(new Event('change'));
    getButton(kateWindow, 'Save').click();
    await until(() => statuses(kateWindow).includes('Saved'));
    await center.settle();
    await expect(kateWindow).to.be.accessible();

    setTimeout(() => getButton(kateWindow, 'Done').click());
    const done = await oneEvent(kateWindow, 'interaction-done');
    expect(done.detail.sessionId).to.be.a('string');
    await center.settle();
    await until(() => kateWindow.shadowRoot!.textContent!.includes('No chat interaction'));
  });

  it('announces when the conference target rejects', async () => {
    const kateWindow = await fixture<ChatInteraction>(html`<chat-interaction .store=${kate}></chat-interaction>`);
    await until(() => queryByRole(kateWindow, 'heading', 'Avril Mai'));
    await conferenceFromToolbar(kateWindow, 'Jim Miller');
    await center.settle();
    await until(() => queryByRole(kateWindow, 'list', 'Pending invitations'));
    const invitation = Object.values(jim.state.invitations).find((i) => i.state === 'pending')!;
    await jim.dispatch({ type: 'reject-invitation', invitationId: invitation.id });
    await center.settle();
    await until(() => statuses(kateWindow).includes('Jim Miller rejected the conference request'));
    // The request is released: Jim leaves the party list; the notice tells the outcome.
    expect(partyItems(kateWindow).some((p) => p.startsWith('Jim Miller'))).to.equal(false);
  });

  it('announces when the conference target does not answer in time', async () => {
    const kateWindow = await fixture<ChatInteraction>(html`<chat-interaction .store=${kate}></chat-interaction>`);
    await until(() => queryByRole(kateWindow, 'heading', 'Avril Mai'));
    await conferenceFromToolbar(kateWindow, 'Jim Miller');
    await center.settle();
    await until(() => queryByRole(kateWindow, 'list', 'Pending invitations'));
    await center.advance(60_000);
    await until(() => statuses(kateWindow).includes('Jim Miller did not answer the conference request'));
    expect(partyItems(kateWindow).some((p) => p.startsWith('Jim Miller'))).to.equal(false);
  });

  it('consultation, then conference with the consulted agent: the consultation ends and is Done', async () => {
    const kateWindow = await fixture<ChatInteraction>(html`<chat-interaction .store=${kate}></chat-interaction>`);
    await until(() => queryByRole(kateWindow, 'heading', 'Avril Mai'));
    await actFromToolbar(kateWindow, 'Start Consultation', 'Jim Miller', 'Start Chat Consultation');
    await center.settle();
    await until(() => queryByRole(kateWindow, 'heading', 'Consultation: Jim Miller'));
    await acceptIncoming(jim, center);
    // Jim sees only the consultation: he is not in Avril Mai's chat yet.
    const jimWindow = await fixture<ChatInteraction>(html`<chat-interaction .store=${jim}></chat-interaction>`);
    await until(() => queryByRole(jimWindow, 'region', 'Consultation: Kate Lewis'));
    expect(queryByRole(jimWindow, 'heading', 'Avril Mai')).to.equal(undefined);
    const panel = () => kateWindow.shadowRoot!.querySelector('chat-consultation-panel')!;
    await until(() => allByRole(panel(), 'listitem').map((li) => accessibleName(li)).includes('Jim Miller Connected'));
    expect(getButton(kateWindow, 'End Consultation').disabled).to.equal(false);
    await expect(kateWindow).to.be.accessible();

    await actFromToolbar(kateWindow, 'Instant Chat Conference', 'Jim Miller', 'Instant Chat Conference', false);
    await center.settle();
    await acceptIncoming(jim, center);
    await until(() => partyItems(kateWindow).includes('Jim Miller Connected'));
    await until(() => queryByRole(kateWindow, 'button', 'Done with Consultation'));
    expect(panel().shadowRoot!.querySelector('[part="state"]')!.textContent!.trim()).to.equal('Ended');
    expect(allByRole(panel(), 'listitem').map((li) => accessibleName(li))).to.include('Jim Miller Ended');
    await expect(kateWindow).to.be.accessible();
    // Jim's window now shows the interaction, with his ended consultation inside it.
    await until(() => queryByRole(jimWindow, 'heading', 'Avril Mai'));
    await until(() => queryByRole(jimWindow, 'button', 'Done with Consultation'));

    getButton(kateWindow, 'Done with Consultation').click();
    await center.settle();
    await until(() => !kateWindow.shadowRoot!.querySelector('chat-consultation-panel'));
    expect(partyItems(kateWindow)).to.deep.equal(['Avril Mai Connected', 'Kate Lewis (you) Connected', 'Jim Miller Connected']);
  });
});
