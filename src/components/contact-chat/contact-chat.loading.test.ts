import { expect, fixture, html } from '@open-wc/testing';
import { createFixtureStore } from '../../store/testing.js';
import { deepActiveElement, getByRole, queryByRole } from '../chat-interaction/test-queries.js';
import { until } from '../test-support/wait.js';
import './index.js';
import type { ContactChat } from './index.js';
import { contactState } from './contact-fixtures.js';

// Its own page (each test file gets one): no other test has loaded the transcript and
// composer, so this sees the widget as a host's page first does.
describe('contact-chat: the chat view loads when a chat is shown', () => {
  it('shows the start form without the transcript and composer; the chat that starts is whole once updateComplete resolves, with the focus in its composer', async () => {
    expect(customElements.get('chat-transcript')).to.equal(undefined);
    expect(customElements.get('chat-composer')).to.equal(undefined);
    const store = createFixtureStore(contactState('start'), {
      onDispatch: () => {
        queueMicrotask(() => store.setState(contactState('waiting')));
        return { ok: true, value: { sessionId: 'chat-1' } };
      },
    });
    const el = await fixture<ContactChat>(html`<contact-chat .store=${store}></contact-chat>`);
    const subject = getByRole(el, 'textbox', 'Subject') as HTMLInputElement;
    // The form alone does not load the chat view.
    expect(customElements.get('chat-transcript')).to.equal(undefined);

    // Filled and sent without focus or pointer (as an autofilling script would): the chat
    // view is first asked for when the chat is shown.
    subject.value = 'Card declined';
    subject.dispatchEvent(new Event('input'));
    (subject.form as HTMLFormElement).requestSubmit();
    await until(() => el.shadowRoot!.querySelector('[part=composer]'), 'the chat to be shown');
    await el.updateComplete;
    expect(queryByRole(el, 'textbox', 'Subject')).to.equal(undefined);
    expect(getByRole(el, 'log', 'Chat transcript').textContent).to.include('Agent will be with you shortly');
    expect(getByRole(el, 'textbox', 'Message')).to.exist;
    await until(() => deepActiveElement() === getByRole(el, 'textbox', 'Message'), 'the focus in the composer once it arrived');
    expect(store.dispatched).to.deep.equal([{ type: 'start-chat', subject: 'Card declined' }]);
    await expect(el).to.be.accessible();
  });
});
