// The demo's pages: the sign-in page of the network demo, and the side-by-side demo
// (issue 4's "End-to-end in the demo": the whole product in one page on the memory
// transport, three regions named after their people), where the seed's first lesson is
// played through roles and names, as a person would.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { setLimits, axeViolations, launchBrowser, logShows, logText, shows, startDemoServer, type DemoServer, type Person } from './harness.js';
import {
  CONTACT,
  agentSays,
  avrilAndKateChat,
  contactLog,
  contactSays,
  endAndWrapUp,
  kateConferencesJim,
  tool,
  transcript,
  windowSays,
  wrapUp,
} from './steps.js';

let server: DemoServer;
let browser: Browser;
let page: Page;
const errors: string[] = [];

const AGENTS_ONLY = 'Internal: card flagged by billing.';

before(async () => {
  server = await startDemoServer();
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
  page = await context.newPage();
  setLimits(page);
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${server.url}/side-by-side.html`);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

function person(name: string): Person {
  const region = page.getByRole('region', { name, exact: true });
  return { name, context: page.context(), page, region };
}

/** Avril's pane, unlike the agents' beside it, never shows what belongs to agents. */
async function avrilNeverShows(avril: Person): Promise<void> {
  const text = await logText(avril.region);
  for (const secret of [AGENTS_ONLY, 'Agents only', 'Consultation']) assert.ok(!text.includes(secret), `Avril's pane shows "${secret}"`);
}

test('sign-in page: lists the seeded users; a link opens that person\'s view; an unknown user is told', async () => {
  const signInPage = await browser.newPage();
  setLimits(signInPage);
  try {
    await signInPage.goto(`${server.url}/`);
    const main = signInPage.getByRole('main');
    await shows(main.getByRole('heading', { name: 'Sign in', level: 1 }));
    const contacts = main.getByRole('region', { name: 'Contacts' });
    const agents = main.getByRole('region', { name: 'Agents' });
    await shows(contacts.getByRole('link', { name: CONTACT }));
    for (const name of ['Kate Lewis', 'Jim Miller', 'Maria Garcia']) await shows(agents.getByRole('link', { name }));
    await shows(signInPage.getByRole('navigation', { name: 'Demo pages' }).getByRole('link', { name: /Side-by-side demo/ }));
    assert.deepEqual(await axeViolations(signInPage), [], 'axe finds nothing on the sign-in page');

    await agents.getByRole('link', { name: 'Jim Miller' }).click();
    const desk = signInPage.getByRole('main').getByRole('region', { name: 'Jim Miller', exact: true });
    await shows(desk.getByRole('heading', { name: 'Jim Miller', level: 1 }));
    assert.equal(new URL(signInPage.url()).searchParams.get('user'), 'jim');
    await shows(desk.getByRole('combobox', { name: 'Chat presence' }));
    assert.equal(await desk.getByRole('combobox', { name: 'Chat presence' }).inputValue(), 'ready');
    assert.deepEqual(await axeViolations(signInPage), [], "axe finds nothing on Jim's desktop");

    await signInPage.goto(`${server.url}/?user=nobody`);
    await shows(signInPage.getByRole('alert').filter({ hasText: "There is no user 'nobody'" }));
    await shows(signInPage.getByRole('link', { name: 'Back to sign in' }));
  } finally {
    await signInPage.close();
  }
});

test('side-by-side demo: lesson 1 in the regions Avril Mai, Kate Lewis and Jim Miller', async () => {
  const [avril, kate, jim] = [person(CONTACT), person('Kate Lewis'), person('Jim Miller')];
  for (const someone of [avril, kate, jim]) await shows(someone.region.getByRole('heading', { name: someone.name, exact: true }));

  await avrilAndKateChat(avril, kate);
  await agentSays(kate, AGENTS_ONLY, true);
  await kateConferencesJim(kate, jim);
  await logShows(transcript(jim), AGENTS_ONLY);
  await avrilNeverShows(avril);
  assert.deepEqual(await axeViolations(page), [], 'axe finds nothing on the side-by-side page during the conference');

  await agentSays(jim, 'Hello, how can I help you today? Jim here.');
  await logShows(contactLog(avril), 'Hello, how can I help you today? Jim here.');
  await logShows(transcript(kate), 'Hello, how can I help you today? Jim here.');
  await contactSays(avril, 'There seems to be an issue with my credit card.');
  await logShows(transcript(jim), 'There seems to be an issue with my credit card.');

  // Kate ends; Jim keeps the contact.
  await tool(kate, 'End').click();
  await windowSays(kate, 'Ended');
  await logShows(contactLog(avril), "Party 'Kate Lewis' has left the session");
  await agentSays(jim, 'OK, I can take care of that.');
  await logShows(contactLog(avril), 'OK, I can take care of that.');
  await wrapUp(kate, 'Resolved', 'Handed over to Jim.');
  await endAndWrapUp(jim, 'Resolved', 'Card issue solved.');
  await shows(avril.region.getByRole('button', { name: 'Start a new chat' }));
  await avrilNeverShows(avril);
  assert.deepEqual(errors, [], 'no page errors');
});
