import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { createFixtureStore } from '../../store/testing.js';
import { deepActiveElement, getByRole } from '../chat-interaction/test-queries.js';
import { until } from '../test-support/wait.js';
import './index.js';
import type { ContactChat } from './index.js';
import { contactState } from './contact-fixtures.js';

// Its own page: the transcript and composer are not loaded until this widget asks.
describe('contact-chat: the chat view is fetched when the contact turns to the form', () => {
  it('loads the transcript and composer on focus in the form, and the started chat takes the focus in its composer', async () => {
    const store = createFixtureStore(contactState('start'), {
      onDispatch: () => {
        // The engine answers, then the session arrives.
        queueMicrotask(() => store.setState(contactState('waiting')));
        return { ok: true, value: { sessionId: 'chat-1' } };
      },
    });
    const el = await fixture<ContactChat>(html`<contact-chat .store=${store}></contact-chat>`);
    expect(customElements.get('chat-composer')).to.equal(undefined);
    const subject = getByRole(el, 'textbox', 'Subject') as HTMLInputElement;
    subject.focus();
    await until(() => customElements.get('chat-composer') !== undefined, 'the chat view to load on focus in the form');
    await sendKeys({ type: 'Card declined' });
    await sendKeys({ press: 'Enter' });
    await until(() => deepActiveElement() === getByRole(el, 'textbox', 'Message'), 'the focus in the composer of the started chat');
    expect(store.dispatched).to.deep.equal([{ type: 'start-chat', subject: 'Card declined' }]);
  });
});
