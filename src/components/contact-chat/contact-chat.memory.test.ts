import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { createMemoryContactCenter, SEED_CHAT, type MemoryContactCenter } from '../../transport/memory/index.js';
import { createWorkspaceStore } from '../../store/index.js';
import type { Command } from '../../engine/types.js';
import type { WorkspaceStore } from '../../store/types.js';
import { accessibleName, allByRole, deepActiveElement, getByRole } from '../chat-interaction/test-queries.js';
import './index.js';
import type { ContactChat } from './index.js';
import { LONG_TEST_MS, until } from '../test-support/wait.js';

async function shiftTab(): Promise<void> {
  await sendKeys({ down: 'Shift' });
  await sendKeys({ press: 'Tab' });
  await sendKeys({ up: 'Shift' });
}

/*
 * The contact's page on the real engine (memory transport, virtual clock): Avril Mai
 * starts the seed chat from the form, Kate Lewis accepts and writes to her, writes a
 * note for agents only, consults Jim Miller and conferences him in. Avril's page must
 * show what was meant for her and never the agents-only note nor the consultation.
 */

const FOR_CONTACT = 'Hello, how can I help you today?';
const FROM_CONTACT = 'I am having an issue making an on line purchase.';
const AGENTS_ONLY = 'Card flagged by the fraud check, do not mention it';
const CONSULT_KATE = 'Hey Jim, Ms. Mai is having a credit card issue. Can you help?';
const CONSULT_JIM = 'Sure, conference me in — internal ticket 4471';
const JIM_TO_CONTACT = 'Hello Ms. Mai, I can take care of your card.';

/** Everything a page could reveal: text, attribute texts and field values, through every shadow root. */
function composedText(root: Node): string {
  const out: string[] = [];
  const visit = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) out.push(node.textContent ?? '');
    if (node instanceof Element) {
      for (const attr of ['aria-label', 'title', 'alt', 'placeholder', 'aria-description']) {
        const value = node.getAttribute(attr);
        if (value) out.push(value);
      }
      if (node instanceof HTMLInputElement || node instanceof HTMLTextAreaElement) out.push(node.value);
      if (node.shadowRoot) visit(node.shadowRoot);
    }
    for (const child of node.childNodes) visit(child);
  };
  visit(root);
  return out.join('\n');
}

const statuses = (el: Element) => allByRole(el, 'status').map((s) => accessibleName(s));

async function storeFor(center: MemoryContactCenter, id: string): Promise<WorkspaceStore> {
  const store = createWorkspaceStore({ transport: center.transport(), user: { id } });
  await store.connect();
  return store;
}

async function run(store: WorkspaceStore, center: MemoryContactCenter, command: Command) {
  const result = await store.dispatch(command);
  expect(result.ok, JSON.stringify(result)).to.equal(true);
  await center.settle();
  return result;
}

async function acceptIncoming(store: WorkspaceStore, center: MemoryContactCenter): Promise<void> {
  const mine = () => Object.values(store.state.invitations).find((i) => i.state === 'pending' && i.invitee?.id === store.state.user?.id);
  await until(() => mine(), `${store.state.user?.name} was offered nothing`);
  await run(store, center, { type: 'accept-invitation', invitationId: mine()!.id });
}

describe('contact-chat on the memory transport', function () {
  // Whole lessons and 10,000s of entries: slow on a loaded machine, and every wait inside is bounded anyway.
  this.timeout(LONG_TEST_MS);
  let center: MemoryContactCenter;
  let avril: WorkspaceStore;
  let kate: WorkspaceStore;
  let jim: WorkspaceStore;

  beforeEach(async () => {
    center = createMemoryContactCenter();
    avril = await storeFor(center, 'avril');
    kate = await storeFor(center, 'kate');
    jim = await storeFor(center, 'jim');
  });

  afterEach(() => {
    for (const store of [avril, kate, jim]) store.destroy();
    center.dispose();
  });

  it('shows the contact what is meant for her, never agents-only entries nor the consultation', async () => {
    // A tall transcript, so every row is rendered and searched (it virtualizes).
    const el = await fixture<ContactChat>(
      html`<contact-chat style="--wc-contact-transcript-size: 3000px" .store=${avril} .caseData=${{ ...SEED_CHAT.caseData }}></contact-chat>`,
    );
    await until(() => allByRole(el, 'textbox', 'Subject').length === 1);
    getByRole(el, 'textbox', 'Subject').focus();
    await sendKeys({ type: SEED_CHAT.subject });
    await sendKeys({ press: 'Enter' });
    await center.settle();
    await until(() => statuses(el).includes('Waiting for an agent…'));
    await until(() => composedText(el).includes('Agent will be with you shortly'));
    await expect(el).to.be.accessible();

    await acceptIncoming(kate, center);
    const sessionId = Object.keys(kate.state.sessions)[0]!;
    expect(kate.state.sessions[sessionId]!.caseData).to.deep.equal(SEED_CHAT.caseData);
    await until(() => statuses(el).includes('Chatting with Kate Lewis'));
    // Started from the form, the contact writes next: the message box has the focus.
    expect(deepActiveElement()).to.equal(getByRole(el, 'textbox', 'Message'));

    await run(kate, center, { type: 'send-message', sessionId, text: FOR_CONTACT });
    getByRole(el, 'textbox', 'Message').focus();
    await sendKeys({ type: FROM_CONTACT });
    await sendKeys({ press: 'Enter' });
    await center.settle();
    await until(() => kate.state.sessions[sessionId]!.transcript.some((e) => e.kind === 'message' && e.text === FROM_CONTACT));
    await run(kate, center, { type: 'send-message', sessionId, text: AGENTS_ONLY, visibility: 'agents' });
    await run(kate, center, { type: 'set-typing', sessionId, typing: true });
    await until(() => statuses(el).includes('Kate Lewis is typing…'));
    await run(kate, center, { type: 'set-typing', sessionId, typing: false });

    // Kate consults Jim; they talk; she conferences him in from the consultation.
    const consult = await run(kate, center, { type: 'invite', sessionId, kind: 'consultation', targetId: 'jim' });
    await acceptIncoming(jim, center);
    const consultationId =
      consult.ok && consult.value?.sessionId
        ? consult.value.sessionId
        : Object.values(kate.state.sessions).find((s) => s.kind === 'consultation')!.id;
    await run(jim, center, { type: 'set-typing', sessionId: consultationId, typing: true });
    await run(kate, center, { type: 'send-message', sessionId: consultationId, text: CONSULT_KATE });
    await run(jim, center, { type: 'send-message', sessionId: consultationId, text: CONSULT_JIM });
    await run(kate, center, { type: 'invite', sessionId, kind: 'conference', targetId: 'jim', consultationId });
    // While Jim's conference invitation rings, the contact does not see him.
    expect(composedText(el).includes('Jim Miller'), 'Jim while his invitation rings').to.equal(false);
    await acceptIncoming(jim, center);
    await run(jim, center, { type: 'send-message', sessionId, text: JIM_TO_CONTACT });

    await until(() => composedText(el).includes(JIM_TO_CONTACT), 'the contact never saw Jim’s message');
    await until(() => statuses(el).includes('Chatting with Kate Lewis and Jim Miller'));
    const page = composedText(el);
    const shows = (text: string) => page.includes(text);
    expect(shows(FOR_CONTACT), 'Kate\'s message to the contact').to.equal(true);
    expect(shows(FROM_CONTACT), 'the contact\'s own message').to.equal(true);
    expect(shows("New party 'Kate Lewis' has joined the session"), 'Kate joining').to.equal(true);
    expect(shows("New party 'Jim Miller' has joined the session"), 'Jim joining').to.equal(true);
    expect(shows(AGENTS_ONLY), 'the agents-only note').to.equal(false);
    expect(shows(CONSULT_KATE), 'Kate\'s consultation message').to.equal(false);
    expect(shows(CONSULT_JIM), 'Jim\'s consultation message').to.equal(false);
    expect(shows('Agents only'), 'an agents-only mark').to.equal(false);
    // The consultation ended when Jim was conferenced ("Party 'Jim Miller' has left" there): not the contact's business.
    expect(shows("Party 'Jim Miller' has left the session"), 'the consultation ending').to.equal(false);
    expect(shows('Consultation'), 'any mention of a consultation').to.equal(false);
    expect(shows('Ringing'), 'a ringing agent').to.equal(false);
    // Nothing of it reached the contact's store either.
    expect(Object.values(avril.state.sessions).map((s) => s.kind)).to.deep.equal(['interaction']);
    await expect(el).to.be.accessible();
  });

  it('ends the chat from the contact side: she keeps her transcript (as when an agent ends it), reads about herself as "you", agents see her leave, she can start again', async () => {
    const el = await fixture<ContactChat>(html`<contact-chat .store=${avril}></contact-chat>`);
    await until(() => allByRole(el, 'textbox', 'Subject').length === 1);
    getByRole(el, 'textbox', 'Subject').focus();
    await sendKeys({ type: SEED_CHAT.subject });
    await sendKeys({ press: 'Enter' });
    await center.settle();
    await acceptIncoming(kate, center);
    await until(() => statuses(el).includes('Chatting with Kate Lewis'));
    const sessionId = Object.keys(kate.state.sessions)[0]!;

    getByRole(el, 'button', 'End Chat').focus();
    await sendKeys({ press: 'Enter' });
    await until(() => allByRole(el, 'button', 'Yes').length === 1);
    await shiftTab();
    await sendKeys({ press: 'Enter' });
    await center.settle();
    await until(() => statuses(el).includes('Chat ended'));
    await until(() => kate.state.sessions[sessionId]!.parties.find((p) => p.userId === 'avril')?.state === 'left');
    expect(composedText(el)).to.include(SEED_CHAT.subject);
    expect(allByRole(el, 'log', 'Chat transcript')).to.have.length(1, 'her transcript stays, as when an agent ends the chat');
    expect(composedText(el)).to.include("New party 'Kate Lewis' has joined the session");
    expect(composedText(el)).not.to.include("Party 'Avril Mai'");
    await expect(el).to.be.accessible();

    getByRole(el, 'button', 'Start a new chat').click();
    await until(() => allByRole(el, 'textbox', 'Subject').length === 1);
    getByRole(el, 'textbox', 'Subject').focus();
    await sendKeys({ type: 'One more question' });
    await sendKeys({ press: 'Enter' });
    await center.settle();
    await until(() => statuses(el).includes('Waiting for an agent…'));
    await until(() => composedText(el).includes('Agent will be with you shortly'));
    expect(allByRole(el, 'heading', 'One more question')).to.have.length(1);
  });

  it('when the last agent ends the chat, says so, keeps the transcript and moves focus to a new chat', async () => {
    const el = await fixture<ContactChat>(html`<contact-chat .store=${avril}></contact-chat>`);
    await until(() => allByRole(el, 'textbox', 'Subject').length === 1);
    getByRole(el, 'textbox', 'Subject').focus();
    await sendKeys({ type: SEED_CHAT.subject });
    await sendKeys({ press: 'Enter' });
    await center.settle();
    await acceptIncoming(kate, center);
    const sessionId = Object.keys(kate.state.sessions)[0]!;
    await run(kate, center, { type: 'send-message', sessionId, text: 'Glad I could help. Goodbye!' });
    await until(() => deepActiveElement() === getByRole(el, 'textbox', 'Message'));

    await run(kate, center, { type: 'leave', sessionId });
    await until(() => statuses(el).includes('Chat ended'));
    await until(() => deepActiveElement() === getByRole(el, 'button', 'Start a new chat'));
    expect(allByRole(el, 'textbox', 'Message')).to.deep.equal([]);
    await until(() => composedText(el).includes("Party 'Kate Lewis' has left the session"));
    expect(composedText(el)).to.include('Glad I could help. Goodbye!');
    await expect(el).to.be.accessible();
  });

  it('says "Reconnecting…" during a network loss and catches up after it', async () => {
    const el = await fixture<ContactChat>(html`<contact-chat .store=${avril}></contact-chat>`);
    await until(() => allByRole(el, 'textbox', 'Subject').length === 1);
    getByRole(el, 'textbox', 'Subject').focus();
    await sendKeys({ type: SEED_CHAT.subject });
    await sendKeys({ press: 'Enter' });
    await center.settle();
    await acceptIncoming(kate, center);
    const sessionId = Object.keys(kate.state.sessions)[0]!;

    center.dropConnection('avril');
    await center.settle();
    await until(() => statuses(el).includes('Reconnecting…'));
    await run(kate, center, { type: 'send-message', sessionId, text: 'Are you still there?' });
    center.restoreConnection('avril');
    await center.settle();
    await until(() => !statuses(el).includes('Reconnecting…'));
    await until(() => composedText(el).includes('Are you still there?'));
  });
});
