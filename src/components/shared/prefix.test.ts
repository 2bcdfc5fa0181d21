import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { createMemoryContactCenter, startSeedChat, type MemoryContactCenter } from '../../transport/memory/index.js';
import { createWorkspaceStore } from '../../store/index.js';
import type { WorkspaceStore } from '../../store/types.js';
import { getButton, getByRole, queryByRole } from '../chat-interaction/test-queries.js';
import { LONG_TEST_MS, until } from '../test-support/wait.js';
import { recordConsoleWarnings } from '../test-support/console-warnings.js';

/*
 * A page where another script defined <chat-transcript> first (this file is a page of its
 * own) and the host registers workspace-chat under its own prefix from
 * workspace-chat/components/define, which registers no default tag.
 */
class SomeoneElsesTranscript extends HTMLElement {}
customElements.define('chat-transcript', SomeoneElsesTranscript);

const define = await import('../define.js');
const { ChatTranscript } = await import('../chat-transcript/chat-transcript.js');
const { ChatComposer } = await import('../chat-composer/chat-composer.js');

describe('defineWorkspaceChat({ prefix }) on a page that has another <chat-transcript>', function () {
  this.timeout(LONG_TEST_MS);
  let center: MemoryContactCenter;
  let kate: WorkspaceStore;

  before(() => {
    const tags = define.defineWorkspaceChat({ prefix: 'acme' });
    expect(tags['chat-interaction']).to.equal('acme-chat-interaction');
  });

  beforeEach(async () => {
    center = createMemoryContactCenter();
    kate = createWorkspaceStore({ transport: center.transport(), user: { id: 'kate' } });
    await kate.connect();
    await startSeedChat(center);
    await center.settle();
    await until(() => Object.values(kate.state.invitations).some((i) => i.state === 'pending'));
    const invitation = Object.values(kate.state.invitations).find((i) => i.state === 'pending')!;
    expect((await kate.dispatch({ type: 'accept-invitation', invitationId: invitation.id })).ok).to.equal(true);
    await center.settle();
  });

  afterEach(() => {
    kate.destroy();
    center.dispose();
  });

  it('registers every element under the prefix and no default tag', () => {
    for (const tag of ['chat-interaction', 'chat-composer', 'conference-party-menu', 'team-communicator', 'interaction-preview', 'contact-chat', 'workspace-provider']) {
      expect(customElements.get(`acme-${tag}`) !== undefined, `acme-${tag} registered`).to.equal(true);
      expect(customElements.get(tag) === undefined, `${tag} not registered`).to.equal(true);
    }
    expect(customElements.get('acme-chat-transcript') !== undefined).to.equal(true);
    expect(customElements.get('chat-transcript') === SomeoneElsesTranscript, 'the foreign <chat-transcript> stays').to.equal(true);
  });

  it('renders our transcript and composer inside <acme-chat-interaction>: a message sent shows in the log', async () => {
    const provider = await fixture(html`<acme-workspace-provider .store=${kate}><acme-chat-interaction></acme-chat-interaction></acme-workspace-provider>`);
    const el = provider.querySelector('acme-chat-interaction')!;
    await until(() => queryByRole(el, 'heading', 'Avril Mai'), 'the window shows the interaction');
    expect(el.shadowRoot!.querySelector('chat-transcript') === null, 'no foreign transcript inside').to.equal(true);
    expect(el.shadowRoot!.querySelector('acme-chat-transcript') instanceof ChatTranscript, 'our transcript').to.equal(true);
    expect(el.shadowRoot!.querySelector('acme-chat-composer') instanceof ChatComposer, 'our composer').to.equal(true);
    // The window's own styles follow the prefixed transcript (its block size).
    expect(getComputedStyle(el.shadowRoot!.querySelector('acme-chat-transcript')!).blockSize).to.equal('320px');

    getByRole(el, 'textbox', 'Message').focus();
    await sendKeys({ type: 'Hello from the prefixed window' });
    getButton(el, 'Send').click();
    const log = getByRole(el, 'log', 'Transcript');
    await until(() => log.textContent!.includes('Hello from the prefixed window'), 'the message in the log');
  });

  it('opens the prefixed Team Communicator from the toolbar, with focus in its search box', async () => {
    const el = await fixture(html`<acme-chat-interaction .store=${kate}></acme-chat-interaction>`);
    await until(() => queryByRole(el, 'heading', 'Avril Mai'));
    getButton(el, 'Instant Chat Conference').click();
    await until(() => el.shadowRoot!.querySelector('acme-team-communicator'), 'the prefixed Team Communicator');
    const communicator = el.shadowRoot!.querySelector('acme-team-communicator')!;
    await until(() => {
      let active: Element | null = document.activeElement;
      while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
      return active === queryByRole(communicator, 'combobox', 'Type name or number');
    }, 'focus in the search box');
  });
});

describe('defineWorkspaceChat: names it cannot use', () => {
  const warnings = recordConsoleWarnings();

  for (const prefix of ['Zeta', '1zeta', 'ze ta', '', 'zeta$&', 'zeta"><b']) {
    it(`refuses the prefix ${JSON.stringify(prefix)} with a TagNameError naming the tag, registering nothing`, () => {
      let error: unknown;
      try {
        define.defineContactChat({ prefix });
      } catch (e) {
        error = e;
      }
      expect(error instanceof define.TagNameError && error instanceof TypeError, String(error)).to.equal(true);
      expect((error as Error).message).to.contain(`<${prefix}-contact-chat>`).and.to.contain('not a valid custom element name');
      expect((error as InstanceType<typeof define.TagNameError>).tag).to.equal(`${prefix}-contact-chat`);
      expect(customElements.get(`${prefix.toLowerCase()}-contact-chat`) === undefined).to.equal(true);
    });
  }

  it('refuses options without a prefix', () => {
    expect(() => define.defineWorkspaceChat(undefined as never)).to.throw(define.TagNameError, /prefix undefined/);
  });

  it('refuses a prefix one of whose tags another class holds, naming that tag and class, registering nothing', () => {
    class HostComposer extends HTMLElement {}
    customElements.define('clash-chat-composer', HostComposer);
    let error: unknown;
    try {
      define.defineChatInteraction({ prefix: 'clash' });
    } catch (e) {
      error = e;
    }
    expect(error instanceof define.TagNameError, String(error)).to.equal(true);
    expect((error as InstanceType<typeof define.TagNameError>).tag).to.equal('clash-chat-composer');
    expect((error as Error).message).to.contain('<clash-chat-composer>').and.to.contain('HostComposer');
    for (const tag of ['chat-interaction', 'chat-transcript', 'team-communicator', 'conference-party-menu']) {
      expect(customElements.get(`clash-${tag}`) === undefined, `clash-${tag} not registered`).to.equal(true);
    }
  });

  it('registering the same prefix again, whole or in part, changes nothing and says nothing', () => {
    const before = customElements.get('acme-chat-interaction');
    expect(define.defineWorkspaceChat({ prefix: 'acme' })['contact-chat']).to.equal('acme-contact-chat');
    expect(define.defineContactChat({ prefix: 'acme' })).to.equal('acme-contact-chat');
    expect(before !== undefined && customElements.get('acme-chat-interaction') === before, 'the same class').to.equal(true);
    expect(warnings).to.deep.equal([]);
  });
});
