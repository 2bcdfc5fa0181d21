// The side-by-side demo in WebKit: the whole product in one page on the memory transport,
// three regions named after their people, lesson 1 played through WebKit's roles and names
// (demo-pages.test.ts plays it in Chromium).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startDemoServer, type DemoServer } from './harness.js';
import { WebKitPerson, type Query } from './webkit-harness.js';
import { CONTACT, agentSays, avrilAndKateChat, chatWindow, contactLog, contactSays, endAndWrapUp, answer, inviteFromCommunicator, partyIs, tool, transcript, windowSays, within, wrapUp } from './webkit-steps.js';

const AGENTS_ONLY = 'Internal: card flagged by billing.';

let server: DemoServer | undefined;
let avril: WebKitPerson | undefined;

before(async () => {
  server = await startDemoServer();
  avril = await WebKitPerson.open(`${server.url}/side-by-side.html`, CONTACT);
  await avril.browser.setWindowSize(1500, 1000);
});

after(async () => {
  await avril?.close();
  await server?.close();
});

/** Avril's pane, unlike the agents' beside it, never shows what belongs to agents. */
async function avrilNeverShows(avril: WebKitPerson): Promise<void> {
  const text = await avril.text(avril.region);
  for (const secret of [AGENTS_ONLY, 'Agents only', 'Consultation']) assert.ok(!text.includes(secret), `Avril's pane shows "${secret}"`);
}

test('side-by-side demo in WebKit: lesson 1 in the regions Avril Mai, Kate Lewis and Jim Miller', async () => {
  const [kate, jim] = [avril!.beside('Kate Lewis'), avril!.beside('Jim Miller')];
  for (const someone of [kate, jim]) await someone.shows(within(someone, { role: 'heading', name: someone.name, exact: true }));

  await avrilAndKateChat(avril!, kate);
  const agentsOnly: Query = { role: 'checkbox', name: 'Agents only', within: chatWindow(kate) };
  await kate.click(agentsOnly);
  await agentSays(kate, AGENTS_ONLY);
  await kate.click(agentsOnly);
  await inviteFromCommunicator(kate, 'Instant Chat Conference', 'Jim Miller', 'Instant Chat Conference');
  await answer(jim, 'Chat conference request', 'Accept');
  await jim.waitForText(transcript(jim), "New party 'Jim Miller' has joined the session");
  await partyIs(kate, 'Jim Miller', 'Connected');
  await jim.waitForText(transcript(jim), AGENTS_ONLY);
  await avrilNeverShows(avril!);
  assert.deepEqual(await avril!.axeViolations(), [], 'axe finds nothing on the side-by-side page during the conference');

  await agentSays(jim, 'Hello, how can I help you today? Jim here.');
  await avril!.waitForText(contactLog(avril!), 'Hello, how can I help you today? Jim here.');
  await kate.waitForText(transcript(kate), 'Hello, how can I help you today? Jim here.');
  await contactSays(avril!, 'There seems to be an issue with my credit card.');
  await jim.waitForText(transcript(jim), 'There seems to be an issue with my credit card.');

  // Kate ends; Jim keeps the contact.
  await kate.click(tool(kate, 'End'));
  await windowSays(kate, 'Ended');
  await avril!.waitForText(contactLog(avril!), "Party 'Kate Lewis' has left the session");
  await agentSays(jim, 'OK, I can take care of that.');
  await avril!.waitForText(contactLog(avril!), 'OK, I can take care of that.');
  await wrapUp(kate, 'Resolved', 'Handed over to Jim.');
  await endAndWrapUp(jim, 'Resolved', 'Card issue solved.');
  await avril!.shows(within(avril!, { role: 'button', name: 'Start a new chat' }));
  await avrilNeverShows(avril!);
  assert.deepEqual((await avril!.record()).errors, [], 'no page errors');
});
