import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { createFixtureStore, fixtureState, FIXTURE_SESSION_ID } from '../../store/testing.js';
import { getByRole } from '../chat-interaction/test-queries.js';
import { until } from '../test-support/wait.js';
import './index.js';
import { loadTeamCommunicatorView, type TeamCommunicator } from './index.js';

// The test page loads hundreds of modules; room for the ones this test looks for.
performance.setResourceTimingBufferSize(100_000);

/** Whether the page has fetched the view's module (the test server serves each module as a file). */
const viewFetched = () => performance.getEntriesByType('resource').some((entry) => entry.name.includes('team-communicator-view'));

const deepActive = (): Element | null => {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
};

// Its own page (each test file gets one): no other test has loaded the view, so this sees
// the element as a host's page first does.
describe('team-communicator: the view loads when the element is first connected', () => {
  it('is registered before its view loads; what was set before it arrived applies, focusSearch() waits for it, and it renders and acts once it arrives', async () => {
    expect(customElements.get('team-communicator')).to.not.equal(undefined);
    const el = document.createElement('team-communicator') as TeamCommunicator;
    // Set as a host sets them, before the element is in the page and before its view exists.
    el.store = createFixtureStore(fixtureState('active-consultation'));
    el.storage = null;
    el.setAttribute('mode', 'conference');
    el.sessionId = FIXTURE_SESSION_ID;
    const closes: string[] = [];
    el.addEventListener('team-communicator-close', (event) => closes.push(event.detail.reason));
    expect(viewFetched()).to.equal(false, 'the view is not loaded with the element');

    document.body.append(el);
    el.focusSearch();
    await el.updateComplete;
    expect(viewFetched()).to.equal(true, 'the view is loaded once the element is connected');
    const search = getByRole(el, 'combobox', 'Type name or number') as HTMLInputElement;
    // focusSearch() asked before the view arrived: the focus lands in the search box once it has.
    await until(() => deepActive() === search, 'the focus in the search box once the view arrived');
    // The mode and session set before: Active Consultations lists the consultation's peer.
    expect(getByRole(el, 'group', 'Active Consultations').textContent).to.include('Jim Miller');
    // The view's styles came with it (the search box leaves room for its icon).
    expect(getComputedStyle(search).paddingInlineEnd).to.equal('32px');
    await expect(el).to.be.accessible();

    // Escape on an empty search asks the host to close, through the listener added before.
    await sendKeys({ press: 'Escape' });
    expect(closes).to.deep.equal(['cancel']);
    el.remove();
  });

  it('asked to focusSearch() before it is in the page, it renders styled and takes the focus once it is', async () => {
    const el = document.createElement('team-communicator') as TeamCommunicator;
    el.store = createFixtureStore(fixtureState('connected'));
    el.storage = null;
    el.focusSearch();
    // The view arrives (and is made) while the element is not in the page yet.
    await loadTeamCommunicatorView();
    document.body.append(el);
    await el.updateComplete;
    const search = getByRole(el, 'combobox', 'Type name or number');
    await until(() => deepActive() === search, 'the focus in the search box');
    expect(getComputedStyle(search).paddingInlineEnd).to.equal('32px');
    el.remove();
  });
});
