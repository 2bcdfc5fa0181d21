import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { createFixtureStore, type FixtureStore } from '../../store/testing.js';
import type { CommandResult } from '../../engine/types.js';
import { accessibleName, allByRole, deepActiveElement, getButton, getByRole, queryByRole } from '../chat-interaction/test-queries.js';
import '../workspace-provider/index.js';
import './index.js';
import type { ContactChat } from './index.js';
import { contactState, FIXTURE_SESSION_ID, type ContactScenario } from './contact-fixtures.js';
import { until } from '../test-support/wait.js';

async function shiftTab(): Promise<void> {
  await sendKeys({ down: 'Shift' });
  await sendKeys({ press: 'Tab' });
  await sendKeys({ up: 'Shift' });
}

const statuses = (el: Element) => allByRole(el, 'status').map((s) => accessibleName(s));
const alerts = (el: Element) =>
  allByRole(el, 'alert')
    .map((s) => accessibleName(s))
    .filter(Boolean);
const subjectBox = (el: Element) => getByRole(el, 'textbox', 'Subject') as HTMLInputElement;
const log = (el: Element) => getByRole(el, 'log', 'Chat transcript');

async function mount(scenario: ContactScenario, options: { onDispatch?: (c: never) => CommandResult; attrs?: string } = {}) {
  const store = createFixtureStore(contactState(scenario), options.onDispatch ? { onDispatch: options.onDispatch as never } : {});
  const el = await fixture<ContactChat>(html`<contact-chat .store=${store}></contact-chat>`);
  return { el, store };
}

/** Waits until the transcript has rendered its rows (it virtualizes, so rows arrive a frame later). */
const transcriptText = async (el: Element, includes: string) => {
  await until(() => log(el).textContent!.includes(includes), `the transcript never showed "${includes}"`);
  return log(el).textContent!;
};

describe('contact-chat', () => {
  describe('start form', () => {
    it('asks for a subject and has an accessible form', async () => {
      const { el } = await mount('start');
      expect(getByRole(el, 'heading', 'Chat with us')).to.exist;
      const subject = subjectBox(el);
      expect(subject.required).to.equal(true);
      expect(subject.maxLength).to.equal(1000);
      expect(getButton(el, 'Start Chat')).to.exist;
      expect(queryByRole(el, 'button', 'End Chat')).to.equal(undefined);
      await expect(el).to.be.accessible();
    });

    it('starts a chat with Enter in the subject, then waits for an agent', async () => {
      const { el, store } = await mount('start');
      subjectBox(el).focus();
      await sendKeys({ type: 'Help with on line purchase' });
      await sendKeys({ press: 'Enter' });
      await until(() => store.dispatched.length === 1);
      expect(store.dispatched).to.deep.equal([{ type: 'start-chat', subject: 'Help with on line purchase' }]);
      await until(() => statuses(el).includes('Waiting for an agent…'));
      expect(getByRole(el, 'heading', 'Help with on line purchase')).to.exist;
      await expect(el).to.be.accessible();
    });

    it('passes the host case data through, as editable optional fields', async () => {
      const { el, store } = await mount('start');
      el.caseData = { Order: '000205', Page: '/checkout' };
      await el.updateComplete;
      const order = getByRole(el, 'textbox', 'Order') as HTMLInputElement;
      expect(order.value).to.equal('000205');
      expect(getByRole(el, 'group', 'Case information (optional)')).to.exist;
      const page = getByRole(el, 'textbox', 'Page') as HTMLInputElement;
      page.focus();
      page.select();
      await sendKeys({ press: 'Backspace' });
      subjectBox(el).focus();
      await sendKeys({ type: 'Card declined' });
      await sendKeys({ press: 'Enter' });
      await until(() => store.dispatched.length === 1);
      // A field the contact emptied is not sent.
      expect(store.dispatched[0]).to.deep.equal({ type: 'start-chat', subject: 'Card declined', caseData: { Order: '000205' } });
      await expect(el).to.be.accessible();
    });

    it('refuses an empty subject: says why, focuses the field, sends nothing', async () => {
      const { el, store } = await mount('start');
      subjectBox(el).focus();
      await sendKeys({ type: '   ' });
      await sendKeys({ press: 'Enter' });
      await until(() => alerts(el).length > 0);
      expect(alerts(el)).to.deep.equal(['Enter a subject to start a chat.']);
      expect(subjectBox(el).getAttribute('aria-invalid')).to.equal('true');
      expect(deepActiveElement()).to.equal(subjectBox(el));
      expect(store.dispatched).to.deep.equal([]);
      await expect(el).to.be.accessible();
    });

    it('shows a refused start in an alert and keeps the form', async () => {
      const { el } = await mount('start', {
        onDispatch: () => ({ ok: false, error: { code: 'invalid-state', message: 'You already have a chat open. End it before starting another.' } }),
      });
      subjectBox(el).focus();
      await sendKeys({ type: 'Second chat' });
      getButton(el, 'Start Chat').click();
      await until(() => alerts(el).length > 0);
      expect(alerts(el)).to.deep.equal(['You already have a chat open. End it before starting another.']);
      expect(subjectBox(el).value).to.equal('Second chat');
      await expect(el).to.be.accessible();
    });

    it('refuses case data that is not an object of strings and keeps the previous', async () => {
      const { el } = await mount('start');
      el.caseData = { Order: '1' };
      expect(() => {
        el.caseData = { Order: 5 } as never;
      }).to.throw(TypeError, /"Order" must be a string/);
      expect(() => {
        el.caseData = ['x'] as never;
      }).to.throw(TypeError, /an array/);
      expect(el.caseData).to.deep.equal({ Order: '1' });
    });
  });

  describe('waiting', () => {
    it('shows the waiting notice from the transcript and the waiting status', async () => {
      const { el } = await mount('waiting');
      expect(statuses(el)).to.include('Waiting for an agent…');
      expect(getByRole(el, 'heading', 'Help with on line purchase')).to.exist;
      await transcriptText(el, 'Agent will be with you shortly');
      expect(getButton(el, 'End Chat')).to.exist;
      await expect(el).to.be.accessible();
    });
  });

  describe('connected', () => {
    it('shows the subject, who the contact is chatting with, the transcript and the composer', async () => {
      const { el } = await mount('conference');
      expect(getByRole(el, 'heading', 'Help with on line purchase')).to.exist;
      expect(statuses(el)).to.include('Chatting with Kate Lewis and Jim Miller');
      const text = await transcriptText(el, "New party 'Jim Miller' has joined the session");
      expect(text).to.include("New party 'Kate Lewis' has joined the session");
      expect(text).to.include('OK, I can take care of that');
      expect(el.shadowRoot!.querySelector('chat-composer')).to.exist;
      await expect(el).to.be.accessible();
    });

    it('sends what the contact writes for everyone, with no agents-only option', async () => {
      const { el, store } = await mount('connected');
      const box = getByRole(el, 'textbox', 'Message');
      expect(queryByRole(el, 'checkbox')).to.equal(undefined);
      box.focus();
      await sendKeys({ type: 'My card ends in 4242.' });
      await sendKeys({ press: 'Enter' });
      await until(() => store.dispatched.some((c) => c.type === 'send-message'));
      expect(store.dispatched.filter((c) => c.type === 'send-message')).to.deep.equal([
        { type: 'send-message', sessionId: FIXTURE_SESSION_ID, text: 'My card ends in 4242.', visibility: 'all' },
      ]);
    });

    it('shows who is typing', async () => {
      const { el } = await mount('typing');
      await until(() => statuses(el).includes('Kate Lewis is typing…'));
      await expect(el).to.be.accessible();
    });

    it('ends the chat by keyboard with a confirmation, then offers a new chat', async () => {
      const { el, store } = await mount('connected');
      getButton(el, 'End Chat').focus();
      await sendKeys({ press: 'Enter' });
      await until(() => queryByRole(el, 'group', 'End this chat?'));
      // The safe answer has the focus; Escape cancels and returns to End Chat.
      expect(deepActiveElement()).to.equal(getButton(el, 'No'));
      await expect(el).to.be.accessible();
      await sendKeys({ press: 'Escape' });
      await until(() => !queryByRole(el, 'group', 'End this chat?'));
      expect(deepActiveElement()).to.equal(getButton(el, 'End Chat'));
      expect(store.dispatched).to.deep.equal([]);

      await sendKeys({ press: 'Enter' });
      await until(() => queryByRole(el, 'group', 'End this chat?'));
      await shiftTab();
      expect(deepActiveElement()).to.equal(getButton(el, 'Yes'));
      await sendKeys({ press: 'Enter' });
      await until(() => statuses(el).includes('Chat ended'));
      expect(store.dispatched).to.deep.equal([{ type: 'leave', sessionId: FIXTURE_SESSION_ID }]);
      expect(queryByRole(el, 'button', 'End Chat')).to.equal(undefined);
      expect(el.shadowRoot!.querySelector('chat-composer')).to.equal(null);
      expect(el.shadowRoot!.textContent).to.include('You ended this chat.');
      await until(() => deepActiveElement() === getButton(el, 'Start a new chat'));
      await expect(el).to.be.accessible();

      await sendKeys({ press: 'Enter' });
      await until(() => queryByRole(el, 'textbox', 'Subject'));
      await until(() => deepActiveElement() === subjectBox(el));
      expect(subjectBox(el).value).to.equal('');
    });

    it('No keeps the chat going', async () => {
      const { el, store } = await mount('connected');
      getButton(el, 'End Chat').click();
      await until(() => queryByRole(el, 'button', 'No'));
      getButton(el, 'No').click();
      await until(() => queryByRole(el, 'button', 'End Chat'));
      expect(deepActiveElement()).to.equal(getButton(el, 'End Chat'));
      expect(store.dispatched).to.deep.equal([]);
      expect(statuses(el)).to.include('Chatting with Kate Lewis');
    });

    it('shows a refused End in an alert and stays connected', async () => {
      const { el } = await mount('connected', {
        onDispatch: () => ({ ok: false, error: { code: 'not-connected', message: 'You are offline. Try again once reconnected.' } }),
      });
      getButton(el, 'End Chat').click();
      await until(() => queryByRole(el, 'button', 'Yes'));
      getButton(el, 'Yes').click();
      await until(() => alerts(el).length > 0);
      expect(alerts(el)).to.deep.equal(['You are offline. Try again once reconnected.']);
      expect(statuses(el)).to.include('Chatting with Kate Lewis');
      expect(deepActiveElement()).to.equal(getButton(el, 'End Chat'));
      await expect(el).to.be.accessible();
    });
  });

  describe('ended', () => {
    it('says the chat ended, keeps the transcript readable and offers a new chat', async () => {
      const { el } = await mount('ended');
      expect(statuses(el)).to.include('Chat ended');
      await transcriptText(el, "Party 'Kate Lewis' has left the session");
      expect(queryByRole(el, 'button', 'End Chat')).to.equal(undefined);
      expect(el.shadowRoot!.querySelector('chat-composer')).to.equal(null);
      await expect(el).to.be.accessible();
      getButton(el, 'Start a new chat').click();
      await until(() => queryByRole(el, 'textbox', 'Subject'));
      await expect(el).to.be.accessible();
    });

    it('follows a chat started in the meantime', async () => {
      const { el, store } = await mount('ended');
      getButton(el, 'Start a new chat').click();
      await until(() => queryByRole(el, 'textbox', 'Subject'));
      subjectBox(el).focus();
      await sendKeys({ type: 'Another question' });
      await sendKeys({ press: 'Enter' });
      await until(() => statuses(el).includes('Waiting for an agent…'));
      expect(getByRole(el, 'heading', 'Another question')).to.exist;
      // The engine's session arrives: the widget follows it.
      const waiting = contactState('waiting').sessions[FIXTURE_SESSION_ID]!;
      const next = { ...waiting, id: 'chat-2', subject: 'Another question', createdAt: waiting.createdAt + 600_000 };
      store.setState({ sessions: { ...store.state.sessions, 'chat-2': next } });
      await until(() => queryByRole(el, 'log', 'Chat transcript'));
      expect(getByRole(el, 'heading', 'Another question')).to.exist;
      expect(statuses(el)).to.include('Waiting for an agent…');
    });
  });

  describe('connection', () => {
    it('says "Reconnecting…" while the connection is re-established', async () => {
      const { el, store } = await mount('reconnecting');
      expect(statuses(el)).to.include('Reconnecting…');
      await expect(el).to.be.accessible();
      store.setState({ connection: { status: 'connected' } });
      await until(() => !statuses(el).includes('Reconnecting…'));
    });

    it('alerts with the reason when the connection failed', async () => {
      const { el } = await mount('failed');
      expect(alerts(el)).to.deep.equal(['The connection failed: Your sign-in has expired. Reload the page to sign in again.']);
      await expect(el).to.be.accessible();
    });
  });

  describe('store and theme', () => {
    it('takes the store from a workspace-provider', async () => {
      const store: FixtureStore = createFixtureStore(contactState('connected'));
      const provider = await fixture(html`<workspace-provider .store=${store}><contact-chat></contact-chat></workspace-provider>`);
      const el = provider.querySelector('contact-chat')!;
      await until(() => queryByRole(el, 'button', 'End Chat'));
      await transcriptText(el, 'Let me contact my associate about that.');
    });

    it('is accessible in the dark theme and lays out right to left', async () => {
      const store = createFixtureStore(contactState('connected'));
      const wrapper = await fixture<HTMLElement>(html`<div dir="rtl"><contact-chat theme="dark" .store=${store}></contact-chat></div>`);
      const el = wrapper.querySelector('contact-chat')!;
      await transcriptText(el, 'Hello, how can I help you today?');
      await expect(el).to.be.accessible();
      // End Chat sits at the inline end of the header: the left in right-to-left.
      const heading = getByRole(el, 'heading', 'Help with on line purchase').getBoundingClientRect();
      const end = getButton(el, 'End Chat').getBoundingClientRect();
      expect(end.right).to.be.at.most(heading.left + 1);
      const background = getComputedStyle(el).backgroundColor;
      expect(background).to.equal('rgb(21, 24, 28)');
    });
  });
});
