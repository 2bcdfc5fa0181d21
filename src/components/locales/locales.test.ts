import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { createFixtureStore, fixtureState, FIXTURE_SESSION_ID, FIXTURE_T0 } from '../../store/testing.js';
import '../chat-interaction/index.js';
import '../interaction-preview/index.js';
import '../team-communicator/index.js';
import { getLocale, setLocale } from '../shared/localization.js';
import { accessibleName, allByRole } from '../chat-interaction/test-queries.js';
import { until } from '../test-support/wait.js';

/*
 * The French locale as a French-speaking agent meets it: controls found by role and
 * accessible name, text as shown. The English suites
 * of each component cover behaviour; this one covers that the switch reaches every part.
 */

/** Accessible names of the elements with `role` in `root` (through shadow roots), non-breaking spaces read as spaces. */
function namesOf(root: Element, role: string): string[] {
  return allByRole(root, role).map((node) => accessibleName(node).replace(/[\u00a0\u202f]/g, ' '));
}

/** Rendered text of a component, through its shadow roots, spaces squashed. */
function shownText(node: Node): string {
  const walk = (n: Node): string => {
    if (n.nodeType === Node.TEXT_NODE) return n.textContent ?? '';
    const children = n instanceof Element && n.shadowRoot ? [...n.shadowRoot.childNodes] : [...n.childNodes];
    return children.map(walk).join(' ');
  };
  return walk(node).replace(/[\s\u00a0\u202f]+/g, ' ');
}

const FRENCH_TOOLBAR = ['Conférence de chat instantanée', 'Démarrer une consultation', 'Transfert de chat instantané', 'Terminer', 'Fait'];
const ENGLISH_TOOLBAR = ['Instant Chat Conference', 'Start Consultation', 'Instant Chat Transfer', 'End', 'Done'];

async function renderInteraction(scenario: 'two-agent-conference' | 'ringing-invitation' = 'two-agent-conference') {
  const store = createFixtureStore(fixtureState(scenario));
  const el = await fixture<HTMLElement & { updateComplete: Promise<boolean> }>(html`
    <chat-interaction .store=${store} session-id=${FIXTURE_SESSION_ID} .now=${() => FIXTURE_T0 + 207_000}></chat-interaction>
  `);
  await el.updateComplete;
  return el;
}

/** Waits for a re-render after a locale switch to show these names. */
async function untilNames(root: Element, role: string, expected: string[], message: string): Promise<void> {
  let last: string[] = [];
  await until(() => {
    last = namesOf(root, role);
    return expected.every((name) => last.includes(name));
  }, `${message}; ${role}s present: ${JSON.stringify(last)}`);
}

describe('French locale', () => {
  afterEach(async () => {
    await setLocale('en');
  });

  it('names the interaction toolbar, parties and party menus in French', async () => {
    await setLocale('fr');
    expect(getLocale()).to.equal('fr');
    const el = await renderInteraction();
    await untilNames(el, 'button', FRENCH_TOOLBAR, 'French toolbar buttons');
    const buttons = namesOf(el, 'button');
    for (const english of ENGLISH_TOOLBAR) expect(buttons, `English "${english}" left in the French UI`).not.to.include(english);
    expect(buttons).to.include('Actions sur le participant Jim Miller');
    expect(namesOf(el, 'toolbar')).to.deep.equal(['Actions sur l’interaction']);
    expect(namesOf(el, 'list')).to.include('Participants');

    const text = shownText(el);
    expect(text).to.contain('Kate Lewis (vous)');
    expect(text).to.match(/Jim Miller\s+Connecté/);
    expect(text).not.to.match(/\bConnected\b/);
    await expect(el).to.be.accessible();
  });

  it('shows system notices in French', async () => {
    await setLocale('fr');
    const el = await renderInteraction();
    const text = shownText(el);
    expect(text).to.contain('Un agent va vous répondre dans un instant');
    expect(text).to.contain("Le nouveau participant 'Kate Lewis' a rejoint la session");
    expect(text).to.contain("Le nouveau participant 'Jim Miller' a rejoint la session");
    expect(text).not.to.contain('has joined the session');
  });

  it('formats message times for the locale', async () => {
    const jimJoined = FIXTURE_T0 + 158_000;
    const french = new Intl.DateTimeFormat('fr', { timeStyle: 'medium' }).format(jimJoined);
    const english = new Intl.DateTimeFormat('en', { timeStyle: 'medium' }).format(jimJoined);
    expect(french, 'the two locales must write this time differently for the test to mean anything').not.to.equal(english);

    await setLocale('fr');
    const el = await renderInteraction();
    expect(shownText(el)).to.contain(french.replace(/[\u00a0\u202f]/g, ' '));
    expect(shownText(el)).not.to.contain(english.replace(/[\u00a0\u202f]/g, ' '));
  });

  it('switching back to English restores the seed labels in a rendered interaction', async () => {
    await setLocale('fr');
    const el = await renderInteraction();
    await untilNames(el, 'button', FRENCH_TOOLBAR, 'French toolbar buttons');
    await setLocale('en');
    await el.updateComplete;
    await untilNames(el, 'button', ENGLISH_TOOLBAR, 'English toolbar buttons after switching back');
    expect(namesOf(el, 'button')).not.to.include('Conférence de chat instantanée');
    expect(shownText(el)).to.match(/Jim Miller\s+Connected/);
    expect(shownText(el)).to.contain("New party 'Jim Miller' has joined the session");
  });

  it('labels the Team Communicator search, filter and target actions in French', async () => {
    await setLocale('fr');
    const store = createFixtureStore(fixtureState('connected'));
    const el = await fixture<HTMLElement & { updateComplete: Promise<boolean> }>(
      html`<team-communicator .store=${store} mode="conference" session-id=${FIXTURE_SESSION_ID}></team-communicator>`,
    );
    await el.updateComplete;
    const search = el.shadowRoot!.querySelector<HTMLInputElement>('[role="combobox"]')!;
    expect(search.placeholder).to.equal('Saisissez un nom ou un numéro');
    await untilNames(el, 'combobox', ['Saisissez un nom ou un numéro'], 'French search box name');
    expect(namesOf(el, 'radio')).to.have.members(['Tous', 'Agent', 'Point de routage', 'File d’attente']);

    search.focus();
    await sendKeys({ type: 'Jim' });
    await until(() => el.shadowRoot!.querySelector('[role="option"]') !== null, 'results for "Jim"');
    await untilNames(el, 'button', ['Actions pour Jim Miller'], 'French target action button');
    expect(shownText(el)).to.match(/\b1 résultat\b|\d+ résultats/);

    const actions = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.getAttribute('aria-label') === 'Actions pour Jim Miller')!;
    actions.click();
    await untilNames(el, 'menuitem', ['Conférence de chat instantanée', 'Ajouter aux favoris'], 'French action menu');
    const items = namesOf(el, 'menuitem');
    expect(items.filter((name) => /Conference|Consultation|Transfer|Favorites/.test(name)), 'English action left').to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('asks in French in the Interaction Preview', async () => {
    await setLocale('fr');
    const store = createFixtureStore(fixtureState('ringing-invitation', { viewer: 'jim' }));
    const el = await fixture<HTMLElement & { updateComplete: Promise<boolean> }>(
      html`<interaction-preview .store=${store} .now=${() => FIXTURE_T0 + 61_000}></interaction-preview>`,
    );
    await el.updateComplete;
    await untilNames(el, 'button', ['Accepter', 'Refuser'], 'French Accept and Reject');
    expect(shownText(el)).to.contain('Demande de conférence de chat');
    expect(shownText(el)).to.match(/Temps restant : /);
    await expect(el).to.be.accessible();
  });
});
