// What the people of the seed lessons do, in Firefox: the same steps as steps.ts (Chromium,
// Playwright) and webkit-steps.ts (WebKit, webdriverio), through firefox-harness.ts. Controls
// are found by Firefox's own role and accessible name, whole names.
import assert from 'node:assert/strict';
import { after, afterEach, before } from 'node:test';
import { eventually, startDemoServer, type DemoServer } from './harness.js';
import { CONTACT, SUBJECT } from './steps.js';
import { FirefoxPerson, type Query } from './firefox-harness.js';

export { CONTACT, SUBJECT };

export interface FirefoxCast {
  avril: FirefoxPerson;
  kate: FirefoxPerson;
  jim: FirefoxPerson;
  server: DemoServer;
}

/**
 * One server for a test file, with Avril, Kate and Jim signed in, each in their own Firefox;
 * handed to `onReady` before the first test. After every test the contact's page must never
 * have shown any of `neverForTheContact`, and no page may have thrown.
 */
export function firefoxCastOfThree(options: { neverForTheContact: readonly string[]; onReady(cast: FirefoxCast): void }): void {
  let server: DemoServer | undefined;
  const people: FirefoxPerson[] = [];
  before(async () => {
    server = await startDemoServer();
    // One after the other: three browsers compiling the demo's first load at once on a busy machine only adds waiting.
    for (const [id, name] of [
      ['avril', CONTACT],
      ['kate', 'Kate Lewis'],
      ['jim', 'Jim Miller'],
    ] as const) {
      people.push(await FirefoxPerson.signIn(server.url, id, name));
    }
    const [avril, kate, jim] = people as [FirefoxPerson, FirefoxPerson, FirefoxPerson];
    options.onReady({ avril, kate, jim, server });
  });
  after(async () => {
    await Promise.all(people.map((person) => person.close()));
    await server?.close();
  });
  afterEach(async () => {
    await contactNeverSaw(people[0]!, options.neverForTheContact);
    for (const person of people) assert.deepEqual(person.errors.splice(0), [], `no page errors on ${person.name}'s page`);
  });
}

export const within = (person: FirefoxPerson, query: Omit<Query, 'within'>): Query => ({ ...query, within: person.region });

// ---------------------------------------------------------------------------
// The contact

export const contactLog = (avril: FirefoxPerson): Query => within(avril, { role: 'log', name: 'Chat transcript' });

/** Avril asks for a chat (from the start form, or after an earlier chat ended). */
export async function startChat(avril: FirefoxPerson, subject = SUBJECT): Promise<void> {
  const again = within(avril, { role: 'button', name: 'Start a new chat' });
  const subjectBox = within(avril, { role: 'textbox', name: 'Subject' });
  let againShown = false;
  await eventually('the start form or "Start a new chat"', async () => (againShown = (await avril.query(again)) !== undefined) || (await avril.query(subjectBox)) !== undefined);
  if (againShown) await avril.click(again);
  await avril.fill(subjectBox, subject);
  await avril.click(within(avril, { role: 'button', name: 'Start Chat' }));
  await avril.shows(within(avril, { role: 'heading', name: subject }));
}

export async function contactSays(avril: FirefoxPerson, text: string): Promise<void> {
  await send(avril, avril.region, text);
  await avril.waitForText(contactLog(avril), text);
}

/** Fails when any of `secrets` is on Avril's page now, or was put on it since it loaded. */
export async function contactNeverSaw(avril: FirefoxPerson, secrets: readonly string[]): Promise<void> {
  const now = await avril.text(avril.region);
  const ever = (await avril.everShown()).join('\n');
  for (const secret of secrets) {
    assert.ok(!now.includes(secret), `The contact's page shows "${secret}"`);
    assert.ok(!ever.includes(secret), `The contact's page showed "${secret}" at some point`);
  }
}

// ---------------------------------------------------------------------------
// Agents

export const chatWindow = (agent: FirefoxPerson): Query => within(agent, { role: 'article', name: CONTACT });
export const transcript = (agent: FirefoxPerson): Query => ({ role: 'log', name: 'Transcript', within: chatWindow(agent) });
export const toolbar = (agent: FirefoxPerson): Query => ({ role: 'toolbar', name: 'Interaction actions', within: chatWindow(agent) });
export const tool = (agent: FirefoxPerson, name: 'Instant Chat Conference' | 'Start Consultation' | 'Instant Chat Transfer' | 'End' | 'Done'): Query => ({
  role: 'button',
  name,
  within: toolbar(agent),
});

export type RequestKind = 'New chat' | 'Chat conference request';

/** The agent's incoming request of this kind: an Interaction Preview titled "<contact> - <kind>". */
export const preview = (agent: FirefoxPerson, kind: RequestKind): Query => within(agent, { role: 'region', name: `${CONTACT} - ${kind}` });

/** Types in a composer and sends with Enter, as a person would. */
export async function send(person: FirefoxPerson, scope: Query, text: string): Promise<void> {
  const box: Query = { role: 'textbox', name: 'Message', within: scope };
  await person.fill(box, text);
  await person.press(box, 'Enter');
}

export async function agentSays(agent: FirefoxPerson, text: string): Promise<void> {
  await send(agent, chatWindow(agent), text);
  await agent.waitForText(transcript(agent), text);
}

export async function answer(agent: FirefoxPerson, kind: RequestKind, choice: 'Accept' | 'Reject'): Promise<void> {
  const request = preview(agent, kind);
  await agent.click({ role: 'button', name: choice, within: request });
  await agent.gone(request);
}

/** Toolbar button → Team Communicator: the name typed, "Actions for <name>", then the action. */
export async function inviteFromCommunicator(agent: FirefoxPerson, button: 'Instant Chat Conference', targetName: string, action: string): Promise<void> {
  await agent.click(tool(agent, button));
  const communicator: Query = { role: 'dialog', name: 'Team Communicator', within: chatWindow(agent) };
  await agent.fill({ role: 'combobox', name: 'Type name or number', within: communicator }, targetName.split(' ')[0]!);
  await agent.click({ role: 'button', name: `Actions for ${targetName}`, within: communicator });
  await agent.click({ role: 'menuitem', name: action, within: { role: 'menu', name: `Actions for ${targetName}`, within: communicator } });
  await agent.gone(communicator);
}

/** Waits until the party list shows `name` in `state` ("Jim Miller Connected"). */
export async function partyIs(agent: FirefoxPerson, name: string, state: string): Promise<void> {
  await agent.shows({ role: 'listitem', hasText: `${name} ${state}`, within: { role: 'list', name: 'Parties', within: chatWindow(agent) } });
}

/** The window's own state ("Connected", "Ended"), shown right after its title. */
export async function windowSays(agent: FirefoxPerson, state: string): Promise<void> {
  await eventually(`${agent.name}'s window says ${state}`, async () => (await agent.text(chatWindow(agent))).trim().startsWith(`${CONTACT} ${state}`));
}

/** Disposition Code, Note, Save, then Done: the window closes. */
export async function wrapUp(agent: FirefoxPerson, code: string, note: string): Promise<void> {
  const window = chatWindow(agent);
  await agent.selectOption({ role: 'combobox', name: 'Disposition Code', within: window }, code);
  await agent.fill({ role: 'textbox', name: 'Note', within: window }, note);
  await agent.click({ role: 'button', name: 'Save', within: window });
  await agent.shows({ role: 'status', hasText: 'Saved', within: window });
  await agent.click(tool(agent, 'Done'));
  await agent.gone(window);
}

export async function endAndWrapUp(agent: FirefoxPerson, code: string, note: string): Promise<void> {
  await agent.click(tool(agent, 'End'));
  await windowSays(agent, 'Ended');
  await wrapUp(agent, code, note);
}

/** After-call work ended by hand: Not Ready, then Ready (see goReady in steps.ts for why both). */
export async function goReady(agent: FirefoxPerson): Promise<void> {
  const presence = within(agent, { role: 'combobox', name: 'Chat presence' });
  await agent.selectOption(presence, 'Not Ready');
  await agent.selectOption(presence, 'Ready');
  await eventually(`${agent.name} is Ready`, async () => (await agent.value(presence)) === 'ready');
}

/** Avril starts the chat and Kate accepts it from her preview; they greet each other. */
export async function avrilAndKateChat(avril: FirefoxPerson, kate: FirefoxPerson): Promise<void> {
  await startChat(avril);
  await kate.waitForText(preview(kate, 'New chat'), SUBJECT);
  await answer(kate, 'New chat', 'Accept');
  // Accept (by mouse) hands focus to the new window's composer.
  await kate.focusIs({ role: 'textbox', name: 'Message', within: chatWindow(kate) }, 'Accept');
  await kate.waitForText(transcript(kate), "New party 'Kate Lewis' has joined the session");
  await avril.waitForText(contactLog(avril), "New party 'Kate Lewis' has joined the session");
  await agentSays(kate, 'Hello, how can I help you today?');
  await avril.waitForText(contactLog(avril), 'Hello, how can I help you today?');
  await contactSays(avril, 'I am having an issue making an on line purchase.');
  await kate.waitForText(transcript(kate), 'I am having an issue making an on line purchase.');
}
