import { expect, fixtureSync, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { createFixtureStore, fixtureState, FIXTURE_INVITATION_ID } from '../../store/testing.js';
import { until } from '../test-support/wait.js';
import './index.js';
import type { InteractionPreview } from './index.js';

// The test page loads hundreds of modules; room for the ones this test looks for.
performance.setResourceTimingBufferSize(100_000);

/** Whether the page has fetched the view's module (the test server serves each module as a file). */
const viewFetched = () => performance.getEntriesByType('resource').some((entry) => entry.name.includes('preview-view'));

const deepActive = (): Element | null => {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
};

// Its own page (each test file gets one): no other test has loaded the view, so this sees
// the element as a host's page first does.
describe('interaction-preview: the view loads after first paint, before any request', () => {
  it('first renders its live region alone; fetches its view when the page is idle; a request that arrives is shown, dialog and focus included', async () => {
    const full = fixtureState('ringing-invitation', { viewer: 'jim' });
    const store = createFixtureStore({ ...full, invitations: {} });
    const wrapper = fixtureSync<HTMLDivElement>(html`
      <div>
        <textarea aria-label="Message"></textarea>
        <interaction-preview .store=${store} take-focus></interaction-preview>
      </div>
    `);
    const el = wrapper.querySelector<InteractionPreview>('interaction-preview')!;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role="status"]')).to.not.equal(null, 'the live region is there before any request');
    expect(viewFetched()).to.equal(false, 'the first render does not wait for the view');
    // No request yet: the view comes anyway once the page is idle, so that a request shows the moment it comes.
    await until(viewFetched, 'the view fetched once the page is idle');
    const composer = wrapper.querySelector('textarea')!;
    composer.focus();

    store.setState({ invitations: full.invitations });
    await el.updateComplete;
    const dialog = el.shadowRoot!.querySelector<HTMLElement>('[role="dialog"]')!;
    expect(dialog.getAttribute('aria-labelledby')).to.not.equal(null);
    expect(el.shadowRoot!.getElementById(dialog.getAttribute('aria-labelledby')!)!.textContent!.trim()).to.equal('Avril Mai - Chat conference request');
    // take-focus, set before the view came: the request takes the focus, and Tab reaches Accept.
    await until(() => deepActive() === dialog, 'the focus on the request');
    await sendKeys({ press: 'Tab' });
    expect(deepActive()!.textContent!.trim()).to.equal('Accept');
    await expect(el).to.be.accessible();

    // Withdrawn: the focus goes back to where it was.
    store.setState({ invitations: { [FIXTURE_INVITATION_ID]: { ...full.invitations[FIXTURE_INVITATION_ID]!, state: 'cancelled' } } });
    await el.updateComplete;
    await until(() => deepActive() === composer, 'the focus back in the composer');
  });
});
