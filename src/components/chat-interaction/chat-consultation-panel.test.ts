import { expect, fixture, html } from '@open-wc/testing';
import { createFixtureStore, fixtureState, FIXTURE_CONSULTATION_ID, FIXTURE_T0, type FixtureScenario } from '../../store/testing.js';
import { loadConsultationPanel, type ChatConsultationPanel } from './index.js';
import { formatElapsed } from './elapsed.js';
import { accessibleName, allByRole, getButton, getByRole, queryByRole } from './test-queries.js';
import { until } from '../test-support/wait.js';

const STARTED = FIXTURE_T0 + 70_000;

before(() => loadConsultationPanel());

async function renderPanel(scenario: FixtureScenario, now: () => number) {
  const store = createFixtureStore(fixtureState(scenario));
  const el = await fixture<ChatConsultationPanel>(html`
    <chat-consultation-panel .store=${store} .now=${now} session-id=${FIXTURE_CONSULTATION_ID}></chat-consultation-panel>
  `);
  return { el, store };
}

const timerText = (el: ChatConsultationPanel) => el.shadowRoot!.querySelector('[part="timer"]')!.textContent!.replace(/\s+/g, ' ').trim();

describe('chat-consultation-panel', () => {
  it('is a region named after the consultation peer', async () => {
    const { el } = await renderPanel('active-consultation', () => STARTED + 5_000);
    expect(getByRole(el, 'region', 'Consultation: Jim Miller')).to.exist;
    expect(getByRole(el, 'heading', 'Consultation: Jim Miller')).to.exist;
    expect(getByRole(el, 'textbox', 'Consultation message: Jim Miller')).to.exist;
    expect(el.shadowRoot!.querySelector('[part="state"]')!.textContent!.trim()).to.equal('Connected');
    await expect(el).to.be.accessible();
  });

  it('keeps the timer out of live regions so it is not read out every second', async () => {
    const { el } = await renderPanel('active-consultation', () => STARTED + 5_000);
    const timer = el.shadowRoot!.querySelector('[part="timer"]')!;
    expect(timer.closest('[aria-live], [role="status"], [role="alert"], [role="log"]')).to.equal(null);
    expect(timerText(el)).to.equal('Duration 00:00:05');
  });

  it('runs the timer while the consultation is active', async () => {
    let now = STARTED + 59_000;
    const { el } = await renderPanel('active-consultation', () => now);
    expect(timerText(el)).to.contain('00:00:59');
    now = STARTED + 3_600_000 + 61_000;
    await until(() => timerText(el).includes('01:01:01'), 'the timer advances on its own');
  });

  it('stops the timer where the consultation ended and offers Done', async () => {
    const { el, store } = await renderPanel('consultation-conferenced', () => STARTED + 999_000);
    expect(timerText(el)).to.contain('00:01:20');
    expect(el.shadowRoot!.querySelector('[part="state"]')!.textContent!.trim()).to.equal('Ended');
    expect(queryByRole(el, 'button', 'End Consultation')).to.equal(undefined);
    expect(el.shadowRoot!.querySelector('chat-composer')!.hasAttribute('disabled')).to.equal(true);
    await expect(el).to.be.accessible();
    getButton(el, 'Done with Consultation').click();
    await until(() => store.dispatched.length === 1);
    expect(store.dispatched).to.deep.equal([{ type: 'mark-done', sessionId: FIXTURE_CONSULTATION_ID }]);
  });

  it('End leaves the consultation; a refusal is shown as an alert', async () => {
    const store = createFixtureStore(fixtureState('active-consultation'), {
      onDispatch: () => ({ ok: false, error: { code: 'not-a-party', message: 'You are no longer in this consultation.' } }),
    });
    const el = await fixture<ChatConsultationPanel>(html`
      <chat-consultation-panel .store=${store} session-id=${FIXTURE_CONSULTATION_ID}></chat-consultation-panel>
    `);
    getButton(el, 'End Consultation').click();
    await until(() => queryByRole(el, 'alert', 'You are no longer in this consultation.'));
    expect(store.dispatched).to.deep.equal([{ type: 'leave', sessionId: FIXTURE_CONSULTATION_ID }]);
    await expect(el).to.be.accessible();
  });

  it('lists its parties with their states', async () => {
    const { el } = await renderPanel('active-consultation', () => STARTED);
    expect(allByRole(getByRole(el, 'list', 'Consultation parties'), 'listitem').map((li) => accessibleName(li))).to.deep.equal([
      'Kate Lewis (you) Connected',
      'Jim Miller Connected',
    ]);
  });

  it('renders nothing for a session that is not a consultation', async () => {
    const store = createFixtureStore(fixtureState('active-consultation'));
    const el = await fixture<ChatConsultationPanel>(html`<chat-consultation-panel .store=${store} session-id="chat-1"></chat-consultation-panel>`);
    expect(el.shadowRoot!.children.length).to.equal(0);
  });
});

describe('formatElapsed', () => {
  it('reads hh:mm:ss and never goes negative', () => {
    expect(formatElapsed(137_000)).to.equal('00:02:17');
    expect(formatElapsed(36_000_000 + 59_999)).to.equal('10:00:59');
    expect(formatElapsed(-4_000)).to.equal('00:00:00');
    expect(formatElapsed(Number.NaN)).to.equal('00:00:00');
  });
});
