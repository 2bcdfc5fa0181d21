import { expect, fixture, html } from '@open-wc/testing';
import type { LitElement } from 'lit';
import { createFixtureStore, fixtureState, fixtureUser, FIXTURE_CONSULTATION_ID, FIXTURE_INVITATION_ID, FIXTURE_SESSION_ID, type FixtureStore } from '../../store/testing.js';
import type { WorkspaceState } from '../../store/types.js';
import '../index.js';
import { until } from '../test-support/wait.js';
import { countingStore } from '../test-support/counting-store.js';

/** Every Lit element under `root`, shadow roots included (the root too). */
function litTree(root: Element): LitElement[] {
  const found: LitElement[] = [];
  const visit = (node: Element | ShadowRoot) => {
    if (node instanceof Element && 'updateComplete' in node) found.push(node as LitElement);
    const children = node instanceof Element && node.shadowRoot ? [node.shadowRoot, ...Array.from(node.children)] : Array.from(node.children);
    for (const child of children) visit(child as Element | ShadowRoot);
  };
  visit(root);
  return found;
}

const isPending = (el: LitElement) => (el as unknown as { isUpdatePending: boolean }).isUpdatePending;

async function settled(root: Element): Promise<void> {
  for (let i = 0; i < 10; i++) {
    // Every element's updateComplete, not only those with an update pending: the Team
    // Communicator has none while its view loads, and renders (and binds) once it arrives.
    await Promise.all(litTree(root).map((el) => el.updateComplete));
    if (!litTree(root).some(isPending)) return;
  }
}

const SID = FIXTURE_SESSION_ID;
const cases: { tag: string; state: () => WorkspaceState; mount: (store: FixtureStore) => ReturnType<typeof html> }[] = [
  { tag: 'chat-interaction', state: () => fixtureState('active-consultation'), mount: (store) => html`<chat-interaction .store=${store} session-id=${SID}></chat-interaction>` },
  { tag: 'chat-transcript', state: () => fixtureState('connected'), mount: (store) => html`<chat-transcript .store=${store} session-id=${SID}></chat-transcript>` },
  { tag: 'chat-composer', state: () => fixtureState('connected'), mount: (store) => html`<chat-composer .store=${store} session-id=${SID}></chat-composer>` },
  {
    tag: 'conference-party-menu',
    state: () => fixtureState('two-agent-conference'),
    mount: (store) => html`<conference-party-menu .store=${store} session-id=${SID} user-id="jim"></conference-party-menu>`,
  },
  {
    tag: 'interaction-preview',
    state: () => fixtureState('ringing-invitation', { viewer: 'jim' }),
    mount: (store) => html`<interaction-preview .store=${store} invitation-id=${FIXTURE_INVITATION_ID}></interaction-preview>`,
  },
  { tag: 'team-communicator', state: () => fixtureState('active-consultation'), mount: (store) => html`<team-communicator .store=${store} mode="conference" session-id=${SID} .storage=${null}></team-communicator>` },
  { tag: 'contact-chat', state: () => fixtureState('connected', { viewer: 'avril' }), mount: (store) => html`<contact-chat .store=${store}></contact-chat>` },
];

describe('binding to the store', () => {
  for (const { tag, state, mount } of cases) {
    it(`<${tag}>: once removed, leaves no subscription on the store (its inner elements' included)`, async () => {
      const store = countingStore(createFixtureStore(state()));
      const wrapper = await fixture<HTMLDivElement>(html`<div>${mount(store)}</div>`);
      const el = wrapper.firstElementChild!;
      await settled(el);
      expect(store.open()).to.be.greaterThan(0, 'bound while shown');
      // Another session id on the way (a keyed rebind) must not leave the old subscription open.
      const before = store.open();
      if (el.hasAttribute('session-id')) {
        el.setAttribute('session-id', 'another-session');
        await settled(el);
        el.setAttribute('session-id', SID);
        await settled(el);
        expect(store.open()).to.equal(before, 'rebinding to another session and back leaves as many subscriptions as before');
      }
      el.remove();
      await until(() => store.open() === 0, `<${tag}> still has ${store.open()} subscriptions after removal`);
    });
  }

  it('the consultation timer and the preview countdown tick while shown and stop with their element (one clock controller)', async () => {
    const consultation = createFixtureStore(fixtureState('active-consultation'));
    const panel = await fixture<HTMLElement>(html`<chat-consultation-panel .store=${consultation} session-id=${FIXTURE_CONSULTATION_ID}></chat-consultation-panel>`);
    const ringing = createFixtureStore(fixtureState('ringing-invitation', { viewer: 'jim' }));
    const preview = await fixture<HTMLElement>(html`<interaction-preview .store=${ringing}></interaction-preview>`);
    const clockOf = (el: HTMLElement) => (el as unknown as { clock: { ticking: boolean } }).clock;
    await until(() => clockOf(panel).ticking && clockOf(preview).ticking, 'both clocks running');
    panel.remove();
    preview.remove();
    expect(clockOf(panel).ticking).to.equal(false);
    expect(clockOf(preview).ticking).to.equal(false);
  });

  it('one command controller: a second press while a command is on its way sends nothing; a refusal shows its reason', async () => {
    let answer!: (r: { ok: false; error: { code: 'invalid-state'; message: string } }) => void;
    const store = createFixtureStore(fixtureState('connected'), { onDispatch: () => new Promise((resolve) => (answer = resolve)) });
    const el = await fixture<HTMLElement>(html`<chat-interaction .store=${store} session-id=${SID}></chat-interaction>`);
    await settled(el);
    const end = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[role="toolbar"] button')].find((b) => b.textContent!.trim() === 'End')!;
    end.click();
    end.click();
    expect(store.dispatched).to.have.length(1);
    answer({ ok: false, error: { code: 'invalid-state', message: 'The chat has already ended.' } });
    await until(() => el.shadowRoot!.querySelector('[part="error"]')!.textContent === 'The chat has already ended.', 'the refusal is shown');
  });

  it('a typing event re-renders only what shows typing (the transcript), not the window, its menus or its composer', async () => {
    const store = createFixtureStore(fixtureState('two-agent-conference'));
    const el = await fixture<HTMLElement>(html`<chat-interaction .store=${store} session-id=${SID}></chat-interaction>`);
    await settled(el);
    const renders = new Map<string, number>();
    for (const element of litTree(el)) {
      const key = element.localName;
      const original = (element as unknown as { update: (c: unknown) => void }).update.bind(element);
      (element as unknown as { update: (c: unknown) => void }).update = (changed: unknown) => {
        renders.set(key, (renders.get(key) ?? 0) + 1);
        original(changed);
      };
    }
    store.setState({ typing: { [SID]: [fixtureUser('avril')] } });
    await settled(el);
    const transcript = el.shadowRoot!.querySelector('chat-transcript')!;
    await until(() => transcript.shadowRoot!.querySelector('[part="typing"]')!.textContent!.includes('Avril Mai is typing…'), 'the transcript shows who types');
    expect([...renders.keys()]).to.deep.equal(['chat-transcript']);
  });
});
