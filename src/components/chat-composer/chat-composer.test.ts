import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Command } from '../../engine/types.js';
import { createFixtureStore, FIXTURE_SESSION_ID, fixtureState, type FixtureStore } from '../../store/testing.js';
import type { WorkspaceState } from '../../store/types.js';
import './index.js';
import type { ChatComposer } from './chat-composer.js';
import type { TimerScheduler } from './typing-notifier.js';

const SID = FIXTURE_SESSION_ID;

/** Timers advanced by hand, so the 3-second idle rule is tested without waiting. */
class FakeScheduler implements TimerScheduler {
  private now = 0;
  private next = 1;
  private readonly tasks = new Map<number, { at: number; callback: () => void }>();
  setTimeout(callback: () => void, ms: number): number {
    const id = this.next++;
    this.tasks.set(id, { at: this.now + ms, callback });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.tasks.delete(handle as number);
  }
  advance(ms: number): void {
    this.now += ms;
    for (const [id, task] of [...this.tasks].sort((a, b) => a[1].at - b[1].at)) {
      if (task.at > this.now) continue;
      this.tasks.delete(id);
      task.callback();
    }
  }
}

async function mount(
  options: { state?: WorkspaceState; disabled?: boolean; allowInternal?: boolean; dir?: string; theme?: string } = {},
): Promise<{ el: ChatComposer; store: FixtureStore; scheduler: FakeScheduler }> {
  const store = createFixtureStore(options.state ?? fixtureState('connected'));
  const scheduler = new FakeScheduler();
  const wrapper = await fixture<HTMLElement>(html`<div dir=${options.dir ?? 'ltr'}>
    <chat-composer
      session-id=${SID}
      theme=${options.theme ?? ''}
      ?disabled=${options.disabled ?? false}
      ?allow-internal=${options.allowInternal ?? false}
      .store=${store}
      .scheduler=${scheduler}
    ></chat-composer>
  </div>`);
  const el = wrapper.querySelector('chat-composer')!;
  await el.updateComplete;
  return { el, store, scheduler };
}

const root = (el: ChatComposer) => el.shadowRoot!;
const textbox = (el: ChatComposer) => root(el).querySelector('textarea')!;
const sendButton = (el: ChatComposer) => [...root(el).querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Send')!;
const labelOf = (control: HTMLElement) => control.ownerDocument && (control.getRootNode() as ShadowRoot).querySelector(`label[for="${control.id}"]`)!.textContent!.trim();
const sent = (store: FixtureStore) => store.dispatched.filter((c): c is Extract<Command, { type: 'send-message' }> => c.type === 'send-message');
const typingSignals = (store: FixtureStore) => store.dispatched.filter((c) => c.type === 'set-typing').map((c) => (c as { typing: boolean }).typing);

async function type(el: ChatComposer, text: string): Promise<void> {
  textbox(el).focus();
  await sendKeys({ type: text });
  await el.updateComplete;
}

/** What a paste does: the whole text arrives in one input event. */
async function paste(el: ChatComposer, text: string): Promise<void> {
  const box = textbox(el);
  box.focus();
  box.value = text;
  box.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertFromPaste' }));
  await el.updateComplete;
}

describe('chat-composer', () => {
  it('has a text area named "Message" and a Send button', async () => {
    const { el } = await mount();
    expect(labelOf(textbox(el))).to.equal('Message');
    expect(sendButton(el)).to.exist;
    expect(sendButton(el).getAttribute('aria-disabled')).to.equal('true');
    expect(root(el).querySelector('[part="internal-toggle"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('sends on Enter, empties the box and keeps focus in it', async () => {
    const { el, store } = await mount();
    await type(el, 'Hello, how can I help you today?');
    expect(sendButton(el).getAttribute('aria-disabled')).to.equal('false');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(sent(store)).to.deep.equal([{ type: 'send-message', sessionId: SID, text: 'Hello, how can I help you today?', visibility: 'all' }]);
    expect(textbox(el).value).to.equal('');
    expect(root(el).activeElement).to.equal(textbox(el));
    await expect(el).to.be.accessible();
  });

  it('starts a new line on Shift+Enter and sends both lines on Enter', async () => {
    const { el, store } = await mount();
    await type(el, 'First line');
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ up: 'Shift' });
    await type(el, 'second line');
    expect(textbox(el).value).to.equal('First line\nsecond line');
    expect(sent(store)).to.have.length(0);
    await sendKeys({ press: 'Enter' });
    expect(sent(store).map((c) => c.text)).to.deep.equal(['First line\nsecond line']);
  });

  it('sends with the Send button and returns focus to the box', async () => {
    const { el, store } = await mount();
    await type(el, 'By button');
    sendButton(el).click();
    await el.updateComplete;
    expect(sent(store).map((c) => c.text)).to.deep.equal(['By button']);
    expect(root(el).activeElement).to.equal(textbox(el));
  });

  it('does not send empty or blank text', async () => {
    const { el, store } = await mount();
    textbox(el).focus();
    await sendKeys({ press: 'Enter' });
    await type(el, '   ');
    await sendKeys({ press: 'Enter' });
    sendButton(el).click();
    expect(sent(store)).to.have.length(0);
  });

  it('does not send on the Enter that confirms an input method composition', async () => {
    const { el, store } = await mount();
    await type(el, 'konnichiwa');
    const composing = new KeyboardEvent('keydown', { key: 'Enter', isComposing: true, bubbles: true, cancelable: true, composed: true });
    textbox(el).dispatchEvent(composing);
    expect(composing.defaultPrevented).to.equal(false);
    expect(sent(store)).to.have.length(0);
    expect(textbox(el).value).to.equal('konnichiwa');
  });

  it('blocks text over the limit with a counter and an error tied to the box', async () => {
    const { el, store } = await mount();
    await paste(el, 'x'.repeat(4001));
    const box = textbox(el);
    expect(root(el).querySelector('[part="counter"]')!.textContent!.trim()).to.equal('4001 / 4000');
    expect(box.getAttribute('aria-invalid')).to.equal('true');
    const described = box.getAttribute('aria-describedby')!.split(' ').map((id) => root(el).getElementById(id)!.textContent!.trim());
    expect(described).to.include('The message is 1 character too long to send.');
    expect(described).to.include('4001 / 4000');
    await sendKeys({ press: 'Enter' });
    sendButton(el).click();
    expect(sent(store)).to.have.length(0);
    expect(box.value).to.have.length(4001);
    await expect(el).to.be.accessible();

    await sendKeys({ press: 'Backspace' });
    await el.updateComplete;
    expect(box.getAttribute('aria-invalid')).to.equal('false');
    expect(root(el).querySelector('[part="error"]')!.textContent!.trim()).to.equal('');
    await sendKeys({ press: 'Enter' });
    expect(sent(store)).to.have.length(1);
  });

  it('follows the configured limit', async () => {
    const state = fixtureState('connected');
    const { el, store } = await mount({ state: { ...state, config: { ...state.config!, maxMessageLength: 10 } } });
    await type(el, 'twelve chars');
    expect(root(el).querySelector('[part="counter"]')!.textContent!.trim()).to.equal('12 / 10');
    expect(root(el).querySelector('[part="error"]')!.textContent!.trim()).to.equal('The message is 2 characters too long to send.');
    await sendKeys({ press: 'Enter' });
    expect(sent(store)).to.have.length(0);
  });

  it('tells others about typing once, and that it stopped after 3 s idle', async () => {
    const { el, store, scheduler } = await mount();
    await type(el, 'Hel');
    expect(typingSignals(store)).to.deep.equal([true]);
    expect(store.dispatched[0]).to.deep.equal({ type: 'set-typing', sessionId: SID, typing: true });
    scheduler.advance(2000);
    await type(el, 'lo');
    scheduler.advance(2999);
    expect(typingSignals(store)).to.deep.equal([true]);
    scheduler.advance(1);
    expect(typingSignals(store)).to.deep.equal([true, false]);
    await type(el, '!');
    expect(typingSignals(store)).to.deep.equal([true, false, true]);
  });

  it('stops typing on send, on blur and when the box is emptied', async () => {
    const { el, store } = await mount();
    await type(el, 'Hi');
    await sendKeys({ press: 'Enter' });
    expect(typingSignals(store)).to.deep.equal([true, false]);
    expect(store.dispatched.map((c) => c.type)).to.deep.equal(['set-typing', 'set-typing', 'send-message']);

    await type(el, 'x');
    textbox(el).blur();
    expect(typingSignals(store)).to.deep.equal([true, false, true, false]);

    await type(el, 'y');
    await sendKeys({ press: 'Backspace' });
    await sendKeys({ press: 'Backspace' });
    expect(typingSignals(store)).to.deep.equal([true, false, true, false, true, false]);
  });

  it('sends agents-only messages when "Agents only" is checked', async () => {
    const { el, store } = await mount({ allowInternal: true });
    const toggle = root(el).querySelector<HTMLLabelElement>('[part="internal-toggle"]')!;
    expect(toggle.textContent!.trim()).to.equal('Agents only');
    const checkbox = toggle.querySelector('input')!;
    expect(checkbox.checked).to.equal(false);
    checkbox.click();
    await el.updateComplete;
    expect(checkbox.checked).to.equal(true);
    await expect(el).to.be.accessible();
    await type(el, 'Card declined twice');
    await sendKeys({ press: 'Enter' });
    expect(sent(store)).to.deep.equal([{ type: 'send-message', sessionId: SID, text: 'Card declined twice', visibility: 'agents' }]);
  });

  it('never says it is typing an agents-only note; checking "Agents only" mid-word stops the indicator', async () => {
    const { el, store } = await mount({ allowInternal: true });
    const checkbox = root(el).querySelector<HTMLInputElement>('[part="internal-toggle"] input')!;
    await type(el, 'Hel');
    expect(typingSignals(store)).to.deep.equal([true]);
    checkbox.click();
    await el.updateComplete;
    expect(typingSignals(store)).to.deep.equal([true, false], 'stopped when the note became agents-only');
    await type(el, 'lo, internal note');
    await sendKeys({ press: 'Enter' });
    expect(typingSignals(store)).to.deep.equal([true, false], 'nothing while writing the note');
    expect(sent(store).map((c) => c.visibility)).to.deep.equal(['agents']);
    checkbox.click();
    await el.updateComplete;
    await type(el, 'To everyone');
    expect(typingSignals(store)).to.deep.equal([true, false, true], 'a message for everyone is announced again');
  });

  it('shows a disabled Send (an ended chat) grey like an empty one, not in the primary colour', async () => {
    const { el: empty } = await mount();
    const { el: ended } = await mount({ disabled: true });
    const { el: ready } = await mount();
    await type(ready, 'Hello');
    const colour = (el: ChatComposer) => getComputedStyle(sendButton(el)).backgroundColor;
    expect(colour(ended)).to.equal(colour(empty));
    expect(colour(ready)).not.to.equal(colour(ended), 'a message ready to send is in the primary colour');
  });

  it('takes no text and sends nothing when disabled', async () => {
    const { el, store } = await mount({ disabled: true });
    expect(textbox(el).disabled).to.equal(true);
    expect(sendButton(el).disabled).to.equal(true);
    sendButton(el).click();
    expect(store.dispatched).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('stops typing when it becomes disabled', async () => {
    const { el, store } = await mount();
    await type(el, 'Hi');
    el.disabled = true;
    await el.updateComplete;
    expect(typingSignals(store)).to.deep.equal([true, false]);
  });

  it('is accessible in the dark theme and right-to-left', async () => {
    const dark = await mount({ theme: 'dark', allowInternal: true });
    await paste(dark.el, 'x'.repeat(4001));
    await expect(dark.el).to.be.accessible();
    const rtl = await mount({ dir: 'rtl', allowInternal: true });
    await type(rtl.el, 'مرحبا');
    await expect(rtl.el).to.be.accessible();
    const box = textbox(rtl.el).getBoundingClientRect();
    const send = sendButton(rtl.el).getBoundingClientRect();
    expect(send.right).to.be.at.most(box.left + 1);
  });
});
