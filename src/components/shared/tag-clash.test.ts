import { expect } from '@open-wc/testing';

/*
 * A page where another script defined <chat-transcript> before workspace-chat loaded (a page
 * of its own, since tags are per page): loading ours warns, naming the tag.
 */
describe('a tag taken before workspace-chat loads', () => {
  it('warns naming the tag, and still registers the free ones', async () => {
    class SomeoneElsesTranscript extends HTMLElement {}
    customElements.define('chat-transcript', SomeoneElsesTranscript);
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
    try {
      await import('../chat-interaction/index.js');
    } finally {
      console.warn = warn;
    }
    expect(warnings.filter((w) => w.includes('<chat-transcript>'))).to.have.length(1);
    expect(warnings.join('\n')).to.contain('SomeoneElsesTranscript');
    expect(customElements.get('chat-transcript')).to.equal(SomeoneElsesTranscript);
    expect(customElements.get('chat-interaction')).to.be.a('function');
  });
});

describe('a host registering an element under its own name', () => {
  it('works with a subclass, taking the store from a provider', async () => {
    const { ChatInteraction } = await import('../chat-interaction/index.js');
    const { createFixtureStore, fixtureState } = await import('../../store/testing.js');
    await import('../workspace-provider/index.js');
    customElements.define('acme-chat-window', class extends ChatInteraction {});
    const provider = document.createElement('workspace-provider');
    provider.store = createFixtureStore(fixtureState('two-agent-conference'));
    provider.innerHTML = '<acme-chat-window></acme-chat-window>';
    document.body.append(provider);
    try {
      const el = provider.querySelector('acme-chat-window') as InstanceType<typeof ChatInteraction>;
      await el.updateComplete;
      const buttons = [...el.shadowRoot!.querySelectorAll('button')].map((b) => b.textContent?.trim());
      expect(buttons).to.include('Instant Chat Conference');
    } finally {
      provider.remove();
    }
  });
});
