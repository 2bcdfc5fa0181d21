import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { createFixtureStore, fixtureState, FIXTURE_SESSION_ID } from '../../store/testing.js';
import './index.js';
import type { ChatInteraction } from './index.js';
import { deepActiveElement, getButton, queryByRole } from './test-queries.js';
import { until } from '../test-support/wait.js';

// The test page loads hundreds of modules; room for the ones this test looks for.
performance.setResourceTimingBufferSize(100_000);

const viewFetched = () => performance.getEntriesByType('resource').some((entry) => entry.name.includes('team-communicator-view'));

// Its own page (each test file gets one): no other test has loaded the Team Communicator's view.
describe('chat-interaction: the Team Communicator is asked for before it is opened', () => {
  it('loads its view once the focus is on a button that opens it, and opened by keyboard the focus lands in its search box', async () => {
    const store = createFixtureStore(fixtureState('connected'));
    const el = await fixture<ChatInteraction>(html`<chat-interaction .store=${store} session-id=${FIXTURE_SESSION_ID}></chat-interaction>`);
    expect(viewFetched()).to.equal(false, 'a window alone does not load the Team Communicator');
    getButton(el, 'End').focus();
    expect(viewFetched()).to.equal(false, 'End does not open the Team Communicator');
    const transfer = getButton(el, 'Instant Chat Transfer');
    transfer.focus();
    await until(viewFetched, 'the view asked for while the focus is on Instant Chat Transfer');
    await sendKeys({ press: 'Enter' });
    const communicator = el.shadowRoot!.querySelector('team-communicator')!;
    await until(() => {
      const search = queryByRole(communicator, 'combobox', 'Type name or number');
      return search !== undefined && deepActiveElement() === search;
    }, 'the focus in the search box');
    expect(communicator.getAttribute('mode')).to.equal('transfer');
  });
});
