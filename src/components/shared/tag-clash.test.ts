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
