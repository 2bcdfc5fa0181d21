// What the people of the seed lessons do, in the words of the screen: every control is
// found by its role and accessible name (the components' public contract).
import assert from 'node:assert/strict';
import { after, afterEach, before } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import type { EngineConfig } from '../../src/engine/types.js';
import {
  eventually,
  everShown,
  gone,
  launchBrowser,
  logShows,
  logText,
  pageText,
  shows,
  signIn,
  startDemoServer,
  type DemoServer,
  type Person,
} from './harness.js';

export const CONTACT = 'Avril Mai';
export const SUBJECT = 'Help with on line purchase';

// ---------------------------------------------------------------------------
// The cast

export interface Cast {
  avril: Person;
  kate: Person;
  jim: Person;
}

/**
 * One server (with `config`) and one browser for a test file, with Avril, Kate and Jim
 * signed in, each in their own context; handed to `onReady` before the first test. After
 * every test the contact's page must never have shown any of `neverForTheContact`, and no
 * page may have thrown.
 */
export function castOfThree(options: { neverForTheContact: readonly string[]; config?: Partial<EngineConfig>; onReady(cast: Cast): void }): void {
  let server: DemoServer | undefined;
  let browser: Browser | undefined;
  let avril: Person;
  const errors: string[] = [];
  before(async () => {
    server = await startDemoServer(options.config);
    browser = await launchBrowser();
    const [a, kate, jim] = await Promise.all([
      signIn(browser, server.url, 'avril', CONTACT, errors),
      signIn(browser, server.url, 'kate', 'Kate Lewis', errors),
      signIn(browser, server.url, 'jim', 'Jim Miller', errors),
    ]);
    avril = a;
    options.onReady({ avril, kate, jim });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(async () => {
    await contactNeverSaw(avril.page, options.neverForTheContact);
    assert.deepEqual(errors.splice(0), [], 'no page errors');
  });
}

// ---------------------------------------------------------------------------
// The contact

/** Avril's transcript. */
export function contactLog(avril: Person): Locator {
  return avril.region.getByRole('log', { name: 'Chat transcript' });
}

/** Avril asks for a chat (from the start form, or after an earlier chat ended). */
export async function startChat(avril: Person, subject = SUBJECT): Promise<void> {
  const again = avril.region.getByRole('button', { name: 'Start a new chat' });
  const subjectBox = avril.region.getByRole('textbox', { name: 'Subject' });
  await eventually('the start form or "Start a new chat"', async () => (await subjectBox.isVisible()) || (await again.isVisible()));
  if (await again.isVisible()) await again.click();
  await subjectBox.fill(subject);
  await avril.region.getByRole('button', { name: 'Start Chat' }).click();
  await shows(avril.region.getByRole('heading', { name: subject }));
}

/** Avril ends her chat (End Chat, then Yes). */
export async function contactEnds(avril: Person): Promise<void> {
  await avril.region.getByRole('button', { name: 'End Chat' }).click();
  await avril.region.getByRole('button', { name: 'Yes' }).click();
  await shows(avril.region.getByRole('button', { name: 'Start a new chat' }));
}

// ---------------------------------------------------------------------------
// Agents

/** The agent's window of Avril's chat (an article named after the contact). */
export function chatWindow(agent: Person): Locator {
  return agent.region.getByRole('article', { name: CONTACT });
}

export function transcript(agent: Person): Locator {
  return chatWindow(agent).getByRole('log', { name: 'Transcript', exact: true });
}

export function toolbar(agent: Person): Locator {
  return chatWindow(agent).getByRole('toolbar', { name: 'Interaction actions' });
}

export function tool(agent: Person, name: 'Instant Chat Conference' | 'Start Consultation' | 'Instant Chat Transfer' | 'End' | 'Done'): Locator {
  return toolbar(agent).getByRole('button', { name, exact: true });
}

export type RequestKind = 'New chat' | 'Chat conference request' | 'Chat consultation request' | 'Chat transfer request';

/**
 * The agent's incoming request of this kind (an Interaction Preview, titled "<who> - <kind>":
 * the contact's name, or the asking agent's for a consultation).
 */
export function preview(agent: Person, kind: RequestKind): Locator {
  return agent.region.getByRole('region', { name: new RegExp(` - ${kind}$`) });
}

/** The agent accepts (or rejects) the request shown in its preview. */
export async function answer(agent: Person, kind: RequestKind, choice: 'Accept' | 'Reject'): Promise<void> {
  const request = preview(agent, kind);
  await request.getByRole('button', { name: choice, exact: true }).click();
  await gone(request);
}

/** Sends a message from a composer (found by its name), with Enter. */
export async function sendFrom(scope: Locator, text: string, composer = 'Message', agentsOnly = false): Promise<void> {
  const box = scope.getByRole('textbox', { name: composer, exact: true });
  if (agentsOnly) await scope.getByRole('checkbox', { name: 'Agents only' }).check();
  await box.fill(text);
  await box.press('Enter');
  if (agentsOnly) await scope.getByRole('checkbox', { name: 'Agents only' }).uncheck();
}

/** An agent writes in Avril's chat. */
export async function agentSays(agent: Person, text: string, agentsOnly = false): Promise<void> {
  await sendFrom(chatWindow(agent), text, 'Message', agentsOnly);
  await logShows(transcript(agent), text);
}

/** Avril writes in her chat. */
export async function contactSays(avril: Person, text: string): Promise<void> {
  await sendFrom(avril.region, text);
  await logShows(contactLog(avril), text);
}

type TargetAction = 'Instant Chat Conference' | 'Start Chat Consultation' | 'Instant Chat Transfer';

/**
 * Toolbar button → Team Communicator: types the name in "Type name or number", opens
 * "Actions for <name>" and picks the action (seed: "Click the Action Menu drop-down list
 * that is displayed next to the name of the internal target").
 */
export async function inviteFromCommunicator(agent: Person, button: 'Instant Chat Conference' | 'Start Consultation' | 'Instant Chat Transfer', targetName: string, action: TargetAction): Promise<void> {
  await tool(agent, button).click();
  const communicator = chatWindow(agent).getByRole('dialog', { name: 'Team Communicator' });
  await communicator.getByRole('combobox', { name: 'Type name or number' }).fill(targetName.split(' ')[0]!);
  await communicator.getByRole('button', { name: `Actions for ${targetName}` }).click();
  await communicator.getByRole('menu', { name: `Actions for ${targetName}` }).getByRole('menuitem', { name: action }).click();
  await gone(communicator);
}

/** The text of a party's row in the agent's party list ("Kate Lewis Connected"). */
export async function partyRow(agent: Person, name: string): Promise<string> {
  const rows = chatWindow(agent).getByRole('list', { name: 'Parties' }).getByRole('listitem');
  for (const row of await rows.all()) {
    const text = await logText(row);
    if (text.includes(name)) return text;
  }
  return '';
}

/** Waits until the party list shows `name` in `state`. */
export async function partyIs(agent: Person, name: string, state: string): Promise<void> {
  await eventually(`${agent.name} sees ${name} ${state}`, async () => (await partyRow(agent, name)).includes(state));
}

/** Waits until the party list no longer lists `name` (a released request: rejected, timed out, cancelled). */
export async function partyGone(agent: Person, name: string): Promise<void> {
  await eventually(`${agent.name} no longer lists ${name}`, async () => (await partyRow(agent, name)) === '');
}

/** The window's own state ("Connected", "Ended"), shown right after its title. */
export async function windowSays(agent: Person, state: string): Promise<void> {
  await eventually(`${agent.name}'s window says ${state}`, async () =>
    (await logText(chatWindow(agent))).trim().startsWith(`${CONTACT} ${state}`),
  );
}

/** End, then the disposition (code and note, Save) and Done: the window closes. */
export async function endAndWrapUp(agent: Person, code: string, note: string): Promise<void> {
  await tool(agent, 'End').click();
  await windowSays(agent, 'Ended');
  await wrapUp(agent, code, note);
}

/** Disposition Code, Note, Save, then Done (the seed's steps 4 to 6). */
export async function wrapUp(agent: Person, code: string, note: string): Promise<void> {
  const window = chatWindow(agent);
  await window.getByRole('combobox', { name: 'Disposition Code' }).selectOption({ label: code });
  await window.getByRole('textbox', { name: 'Note' }).fill(note);
  await window.getByRole('button', { name: 'Save' }).click();
  await shows(window.getByRole('status').filter({ hasText: 'Saved' }));
  await tool(agent, 'Done').click();
  await gone(window);
}

/**
 * The agent ends after-call work and goes Ready for chat. Not Ready first: Done's switch to
 * After Call Work may still be on its way, and choosing Ready while the box still shows
 * Ready would send nothing; two choices made now are applied after it, in order.
 */
export async function goReady(agent: Person): Promise<void> {
  const presence = agent.region.getByRole('combobox', { name: 'Chat presence' });
  await presence.selectOption({ label: 'Not Ready' });
  await presence.selectOption({ label: 'Ready' });
  await eventually(`${agent.name} is Ready`, async () => (await presence.inputValue()) === 'ready');
}

// ---------------------------------------------------------------------------
// Together

/** Avril starts the chat and Kate accepts it from her preview; they greet each other. */
export async function avrilAndKateChat(avril: Person, kate: Person): Promise<void> {
  await startChat(avril);
  const request = preview(kate, 'New chat');
  await shows(request);
  assert.ok((await logText(request)).includes(SUBJECT), 'the preview shows the subject');
  await answer(kate, 'New chat', 'Accept');
  await logShows(transcript(kate), "New party 'Kate Lewis' has joined the session");
  await logShows(contactLog(avril), "New party 'Kate Lewis' has joined the session");
  await agentSays(kate, 'Hello, how can I help you today?');
  await logShows(contactLog(avril), 'Hello, how can I help you today?');
  await contactSays(avril, 'I am having an issue making an on line purchase.');
  await logShows(transcript(kate), 'I am having an issue making an on line purchase.');
}

/** Kate conferences Jim (Team Communicator) and Jim accepts. */
export async function kateConferencesJim(kate: Person, jim: Person): Promise<void> {
  await inviteFromCommunicator(kate, 'Instant Chat Conference', 'Jim Miller', 'Instant Chat Conference');
  await answer(jim, 'Chat conference request', 'Accept');
  await logShows(transcript(jim), "New party 'Jim Miller' has joined the session");
  await partyIs(kate, 'Jim Miller', 'Connected');
}

// ---------------------------------------------------------------------------
// What the contact must never see

/**
 * Fails when any of `secrets` is on Avril's page now, or was ever put on it since it
 * loaded (recorded by the harness, shadow roots included).
 */
export async function contactNeverSaw(avril: Page, secrets: readonly string[]): Promise<void> {
  const now = await pageText(avril);
  const ever = (await everShown(avril)).join('\n');
  for (const secret of secrets) {
    assert.ok(!now.includes(secret), `The contact's page shows "${secret}"`);
    assert.ok(!ever.includes(secret), `The contact's page showed "${secret}" at some point`);
  }
}
