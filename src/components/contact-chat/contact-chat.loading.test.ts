import { expect, fixture, html } from '@open-wc/testing';
import { createFixtureStore } from '../../store/testing.js';
import { getByRole, queryByRole } from '../chat-interaction/test-queries.js';
import './index.js';
import type { ContactChat } from './index.js';
import { contactState } from './contact-fixtures.js';

// Its own page (each test file gets one): no other test has loaded the transcript and
// composer, so this sees the widget as a host's page first does.
describe('contact-chat: the chat view loads when a chat is shown', () => {
  it('shows the start form without the transcript and composer, and a chat that arrives is whole once updateComplete resolves', async () => {
    expect(customElements.get('chat-transcript')).to.equal(undefined);
    expect(customElements.get('chat-composer')).to.equal(undefined);
    const store = createFixtureStore(contactState('start'));
    const el = await fixture<ContactChat>(html`<contact-chat .store=${store}></contact-chat>`);
    expect(getByRole(el, 'textbox', 'Subject')).to.exist;
    // The form alone (nobody turned to it) does not load the chat view.
    expect(customElements.get('chat-transcript')).to.equal(undefined);

    // A chat arrives (started in another window of this contact).
    store.setState(contactState('connected'));
    await el.updateComplete;
    expect(queryByRole(el, 'textbox', 'Subject')).to.equal(undefined);
    expect(getByRole(el, 'log', 'Chat transcript').textContent).to.include('Hello, how can I help you today?');
    expect(getByRole(el, 'textbox', 'Message')).to.exist;
    await expect(el).to.be.accessible();
  });
});
