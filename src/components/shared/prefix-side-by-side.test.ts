import { expect, fixture, html } from '@open-wc/testing';
import { createFixtureStore, fixtureState, FIXTURE_SESSION_ID, FIXTURE_T0 } from '../../store/testing.js';
import '../chat-interaction/index.js';
import '../contact-chat/index.js';
import { ChatComposer, ChatInteraction, ChatTranscript, defineChatInteraction, defineContactChat } from '../index.js';
import { contactState } from '../contact-chat/contact-fixtures.js';
import { deepActiveElement, getByRole, queryByRole } from '../chat-interaction/test-queries.js';
import { until } from '../test-support/wait.js';

/*
 * The default elements and the same elements under a prefix on one page: each window renders
 * its parts under its own names, the consultation panel (loaded on demand) included.
 */
defineChatInteraction({ prefix: 'acme' });
defineContactChat({ prefix: 'acme' });

const inner = (el: Element) => [...el.shadowRoot!.querySelectorAll('*')].map((e) => e.localName).filter((name) => name.includes('-'));

describe('default and prefixed windows side by side', () => {
  it('each renders its own parts, the lazily loaded consultation panel and its transcript included', async () => {
    const store = createFixtureStore(fixtureState('active-consultation'));
    const box = await fixture(html`<div>
      <chat-interaction .store=${store} session-id=${FIXTURE_SESSION_ID} .now=${() => FIXTURE_T0 + 207_000}></chat-interaction>
      <acme-chat-interaction .store=${store} session-id=${FIXTURE_SESSION_ID} .now=${() => FIXTURE_T0 + 207_000}></acme-chat-interaction>
    </div>`);
    const plain = box.querySelector('chat-interaction')!;
    const acme = box.querySelector('acme-chat-interaction')!;
    expect(acme instanceof ChatInteraction).to.equal(true);
    await until(() => acme.shadowRoot!.querySelector('acme-chat-consultation-panel:defined'), 'the prefixed consultation panel registered and upgraded');
    await until(() => plain.shadowRoot!.querySelector('chat-consultation-panel:defined'), 'the default consultation panel registered and upgraded');

    expect(inner(plain)).to.include.members(['chat-transcript', 'chat-composer', 'conference-party-menu', 'chat-consultation-panel']);
    expect(inner(plain).filter((name) => name.startsWith('acme-'))).to.deep.equal([]);
    expect(inner(acme)).to.include.members(['acme-chat-transcript', 'acme-chat-composer', 'acme-conference-party-menu', 'acme-chat-consultation-panel']);
    expect(inner(acme).filter((name) => !name.startsWith('acme-'))).to.deep.equal([]);
    expect(acme.shadowRoot!.querySelector('acme-chat-transcript') instanceof ChatTranscript).to.equal(true);

    // The panel, registered by the prefixed window, renders prefixed parts in turn.
    const panel = acme.shadowRoot!.querySelector('acme-chat-consultation-panel')!;
    await (panel as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    expect(inner(panel)).to.include.members(['acme-chat-transcript', 'acme-chat-composer']);
    const log = getByRole(acme, 'log', 'Consultation transcript: Jim Miller');
    await until(() => log.textContent!.includes('Sure, conference me in'), 'the prefixed consultation transcript shows its chat');
    // The panels' styles follow the prefixed transcript too (their block size).
    expect(getComputedStyle(panel.shadowRoot!.querySelector('acme-chat-transcript')!).blockSize).to.equal('200px');
  });

  it('a prefixed window takes focus into its own composer', async () => {
    const store = createFixtureStore(fixtureState('connected'));
    const acme = await fixture<ChatInteraction>(html`<acme-chat-interaction .store=${store} session-id=${FIXTURE_SESSION_ID}></acme-chat-interaction>`);
    await until(() => queryByRole(acme, 'textbox', 'Message'));
    acme.takeFocus();
    await until(() => deepActiveElement() === getByRole(acme, 'textbox', 'Message'), 'focus in the composer');
    expect(deepActiveElement()!.getRootNode() === acme.shadowRoot!.querySelector('acme-chat-composer')!.shadowRoot).to.equal(true);
  });

  it('a prefixed contact widget renders our transcript and composer under its prefix', async () => {
    const store = createFixtureStore(contactState('connected'));
    const el = await fixture(html`<acme-contact-chat .store=${store}></acme-contact-chat>`);
    await until(() => queryByRole(el, 'log', 'Chat transcript'), 'the transcript');
    expect(el.shadowRoot!.querySelector('acme-chat-transcript') instanceof ChatTranscript).to.equal(true);
    expect(el.shadowRoot!.querySelector('acme-chat-composer') instanceof ChatComposer).to.equal(true);
    expect(inner(el).filter((name) => !name.startsWith('acme-'))).to.deep.equal([]);
    expect(getComputedStyle(el.shadowRoot!.querySelector('acme-chat-transcript')!).blockSize).to.equal('320px');
  });
});
