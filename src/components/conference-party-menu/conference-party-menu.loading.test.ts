import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { createFixtureStore, fixtureState, FIXTURE_SESSION_ID } from '../../store/testing.js';
import { until } from '../test-support/wait.js';
import './index.js';
import type { ConferencePartyMenu } from './index.js';

// The test page loads hundreds of modules; room for the ones this test looks for.
performance.setResourceTimingBufferSize(100_000);

/** Whether the page has fetched the popup's module (the test server serves each module as a file). */
const popupFetched = () => performance.getEntriesByType('resource').some((entry) => entry.name.includes('party-menu-view'));

// Its own page (each test file gets one): no other test has loaded the popup, so this sees
// the element as a host's page first does.
describe('conference-party-menu: the popup loads when the menu is first opened or about to be', () => {
  it('shows its named button without the popup; opened by keyboard, the focus lands on the first item once the popup arrives', async () => {
    const store = createFixtureStore(fixtureState('two-agent-conference'));
    const el = await fixture<ConferencePartyMenu>(
      html`<conference-party-menu .store=${store} session-id=${FIXTURE_SESSION_ID} user-id="jim" disabled-actions="email"></conference-party-menu>`,
    );
    const trigger = el.shadowRoot!.querySelector<HTMLButtonElement>('button[aria-haspopup="menu"]')!;
    expect(trigger.getAttribute('aria-label')).to.equal('Party actions for Jim Miller');
    expect(trigger.getAttribute('aria-expanded')).to.equal('false');
    expect(popupFetched()).to.equal(false, 'the popup is not loaded with the button');
    await expect(el).to.be.accessible();

    // The focus on the button asks for the popup; ArrowDown at once opens the menu, whether or not it has arrived.
    trigger.focus();
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(popupFetched()).to.equal(true, 'the popup is loaded once asked for');
    expect(trigger.getAttribute('aria-expanded')).to.equal('true');
    const items = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role="menuitem"]')];
    expect(items.map((i) => i.textContent!.trim())).to.deep.equal(['Call', 'Start Instant Message Consultation', 'New E-mail', 'Delete From Conference']);
    // disabled-actions set before the popup existed applies.
    expect(items.map((i) => i.getAttribute('aria-disabled'))).to.deep.equal(['false', 'false', 'true', 'false']);
    await until(() => el.shadowRoot!.activeElement === items[0], 'the focus on Call once the popup arrived');
    // The popup's styles came with it: the menu is in the top layer, placed by script.
    expect(getComputedStyle(el.shadowRoot!.querySelector('[role="menu"]')!).position).to.equal('fixed');
    await expect(el).to.be.accessible();

    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(trigger.getAttribute('aria-expanded')).to.equal('false');
    expect(el.shadowRoot!.activeElement).to.equal(trigger);
  });
});
