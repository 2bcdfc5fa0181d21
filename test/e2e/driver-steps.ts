// What the people of the seed lessons do, for the browsers driven over WebDriver (WebKit
// through webdriverio, Firefox through puppeteer over BiDi): one set of steps over the small
// person interface both harnesses give. steps.ts does the same for Chromium through Playwright.
// Names in these steps are whole accessible names, so they mean the same in both harnesses.
import assert from 'node:assert/strict';
import { after, afterEach, before } from 'node:test';
import { eventually, startDemoServer, type DemoServer } from './harness.js';
import { CONTACT, SUBJECT } from './steps.js';

export { CONTACT, SUBJECT };

/** What a control is: its role, its accessible name, where it is. */
export interface DriverQuery {
  role: string;
  /** WebKit's harness matches a substring unless `exact`, or a pattern; Firefox's only whole names. */
  name?: string | RegExp;
  exact?: boolean;
  /** Only inside the first match of this query. */
  within?: DriverQuery;
  /** Only one whose text (shadow roots included) contains this. */
  hasText?: string;
}

/** One person's browser, as each WebDriver harness drives it. */
export interface DriverPerson {
  readonly name: string;
  /** Their part of the page. */
  readonly region: DriverQuery;
  query(query: DriverQuery): Promise<unknown>;
  shows(query: DriverQuery): Promise<void>;
  gone(query: DriverQuery): Promise<void>;
  click(query: DriverQuery): Promise<void>;
  fill(query: DriverQuery, text: string): Promise<void>;
  /** Presses a key named as the Chromium tests name it ("Enter") in the control. */
  press(query: DriverQuery, key: string): Promise<void>;
  selectOption(query: DriverQuery, label: string): Promise<void>;
  value(query: DriverQuery): Promise<string>;
  text(query: DriverQuery): Promise<string>;
  waitForText(query: DriverQuery, text: string): Promise<void>;
  /** Every text put on the page since recording began, and the errors the page threw. */
  record(): Promise<{ everShown: string[]; errors: string[] }>;
  /** Every text put on the page since recording began (leaves the errors for record()). */
  everShown(): Promise<string[]>;
  close(): Promise<void>;

  // The keyboard: keys go to whatever has focus, as a person's would.
  /** Presses a key where focus is, modifiers written as the Chromium tests write them ("Shift+Tab", "Alt+Shift+R"). */
  keyboardPress(combination: string): Promise<void>;
  /** Types `text` where focus is, one key after the other. */
  keyboardType(text: string): Promise<void>;
  /** Whether focus (through shadow roots) is on a visible match of `query`. */
  hasFocus(query: DriverQuery): Promise<boolean>;
  /** Waits until focus is on `query`; the failure says where focus is instead. */
  focusIs(query: DriverQuery, step: string): Promise<void>;
  /** Presses `key` until focus is on `target` (at most `limit` presses): reachable by keyboard. */
  pressUntil(key: string, target: DriverQuery, limit?: number): Promise<number>;
}

export interface Cast<P extends DriverPerson> {
  avril: P;
  kate: P;
  jim: P;
  server: DemoServer;
}

/**
 * One server for a test file, with Avril, Kate and Jim signed in, each in a browser of
 * their own; handed to `onReady` before the first test. After every test the contact's page
 * must never have shown any of `neverForTheContact`, and no page may have thrown.
 */
export function castOfThree<P extends DriverPerson>(
  signIn: (base: string, userId: string, name: string) => Promise<P>,
  options: { neverForTheContact: readonly string[]; onReady(cast: Cast<P>): void },
): void {
  let server: DemoServer | undefined;
  const people: P[] = [];
  before(async () => {
    server = await startDemoServer();
    // One after the other: three browsers compiling the demo's first load at once on a busy machine only adds waiting.
    for (const [id, name] of [
      ['avril', CONTACT],
      ['kate', 'Kate Lewis'],
      ['jim', 'Jim Miller'],
    ] as const) {
      people.push(await signIn(server.url, id, name));
    }
    const [avril, kate, jim] = people as [P, P, P];
    options.onReady({ avril, kate, jim, server });
  });
  after(async () => {
    await Promise.all(people.map((person) => person.close()));
    await server?.close();
  });
  afterEach(async () => {
    await contactNeverSaw(people[0]!, options.neverForTheContact);
    for (const person of people) assert.deepEqual((await person.record()).errors, [], `no page errors on ${person.name}'s page`);
  });
}

export const within = (person: DriverPerson, query: Omit<DriverQuery, 'within'>): DriverQuery => ({ ...query, within: person.region });

// ---------------------------------------------------------------------------
// The contact

export const contactLog = (avril: DriverPerson): DriverQuery => within(avril, { role: 'log', name: 'Chat transcript' });

/** Avril asks for a chat (from the start form, or after an earlier chat ended). */
export async function startChat(avril: DriverPerson, subject = SUBJECT): Promise<void> {
  const again = within(avril, { role: 'button', name: 'Start a new chat' });
  const subjectBox = within(avril, { role: 'textbox', name: 'Subject' });
  let againShown = false;
  await eventually('the start form or "Start a new chat"', async () => (againShown = (await avril.query(again)) !== undefined) || (await avril.query(subjectBox)) !== undefined);
  if (againShown) await avril.click(again);
  await avril.fill(subjectBox, subject);
  await avril.click(within(avril, { role: 'button', name: 'Start Chat' }));
  await avril.shows(within(avril, { role: 'heading', name: subject }));
}

/** Avril ends her chat (End Chat, then Yes). */
export async function contactEnds(avril: DriverPerson): Promise<void> {
  await avril.click(within(avril, { role: 'button', name: 'End Chat' }));
  await avril.click(within(avril, { role: 'button', name: 'Yes' }));
  await avril.shows(within(avril, { role: 'button', name: 'Start a new chat' }));
}

export async function contactSays(avril: DriverPerson, text: string): Promise<void> {
  await send(avril, avril.region, text);
  await avril.waitForText(contactLog(avril), text);
}

/** Fails when any of `secrets` is on Avril's page now, or was put on it since recording began. */
export async function contactNeverSaw(avril: DriverPerson, secrets: readonly string[]): Promise<void> {
  const now = await avril.text(avril.region);
  const ever = (await avril.record()).everShown.join('\n');
  for (const secret of secrets) {
    assert.ok(!now.includes(secret), `The contact's page shows "${secret}"`);
    assert.ok(!ever.includes(secret), `The contact's page showed "${secret}" at some point`);
  }
}

// ---------------------------------------------------------------------------
// Agents

export const chatWindow = (agent: DriverPerson): DriverQuery => within(agent, { role: 'article', name: CONTACT });
export const transcript = (agent: DriverPerson): DriverQuery => ({ role: 'log', name: 'Transcript', exact: true, within: chatWindow(agent) });
export const toolbar = (agent: DriverPerson): DriverQuery => ({ role: 'toolbar', name: 'Interaction actions', within: chatWindow(agent) });
export const tool = (agent: DriverPerson, name: 'Instant Chat Conference' | 'Start Consultation' | 'Instant Chat Transfer' | 'End' | 'Done'): DriverQuery => ({
  role: 'button',
  name,
  exact: true,
  within: toolbar(agent),
});

export type RequestKind = 'New chat' | 'Chat conference request' | 'Chat consultation request' | 'Chat transfer request';

/** The agent's incoming request of this kind: an Interaction Preview titled "<contact> - <kind>". */
export const preview = (agent: DriverPerson, kind: RequestKind): DriverQuery => within(agent, { role: 'region', name: `${CONTACT} - ${kind}`, exact: true });

/** Types in a composer and sends with Enter, as a person would. */
export async function send(person: DriverPerson, scope: DriverQuery, text: string, composer = 'Message'): Promise<void> {
  const box: DriverQuery = { role: 'textbox', name: composer, exact: true, within: scope };
  await person.fill(box, text);
  await person.press(box, 'Enter');
}

export async function agentSays(agent: DriverPerson, text: string): Promise<void> {
  await send(agent, chatWindow(agent), text);
  await agent.waitForText(transcript(agent), text);
}

export async function answer(agent: DriverPerson, kind: RequestKind, choice: 'Accept' | 'Reject'): Promise<void> {
  const request = preview(agent, kind);
  await agent.click({ role: 'button', name: choice, exact: true, within: request });
  await agent.gone(request);
}

/** Toolbar button → Team Communicator: the name typed, "Actions for <name>", then the action. */
export async function inviteFromCommunicator(agent: DriverPerson, button: 'Instant Chat Conference' | 'Start Consultation' | 'Instant Chat Transfer', targetName: string, action: string): Promise<void> {
  await agent.click(tool(agent, button));
  const communicator: DriverQuery = { role: 'dialog', name: 'Team Communicator', within: chatWindow(agent) };
  await agent.fill({ role: 'combobox', name: 'Type name or number', within: communicator }, targetName.split(' ')[0]!);
  await agent.click({ role: 'button', name: `Actions for ${targetName}`, within: communicator });
  await agent.click({ role: 'menuitem', name: action, within: { role: 'menu', name: `Actions for ${targetName}`, within: communicator } });
  await agent.gone(communicator);
}

/** Waits until the party list shows `name` in `state` ("Jim Miller Connected"). */
export async function partyIs(agent: DriverPerson, name: string, state: string): Promise<void> {
  await agent.shows({ role: 'listitem', hasText: `${name} ${state}`, within: { role: 'list', name: 'Parties', within: chatWindow(agent) } });
}

/** Waits until the party list no longer lists `name` (a released request). */
export async function partyGone(agent: DriverPerson, name: string): Promise<void> {
  await agent.gone({ role: 'listitem', hasText: name, within: { role: 'list', name: 'Parties', within: chatWindow(agent) } });
}

/** The window's own state ("Connected", "Ended"), shown right after its title. */
export async function windowSays(agent: DriverPerson, state: string): Promise<void> {
  await eventually(`${agent.name}'s window says ${state}`, async () => (await agent.text(chatWindow(agent))).trim().startsWith(`${CONTACT} ${state}`));
}

/** Disposition Code, Note, Save, then Done: the window closes. */
export async function wrapUp(agent: DriverPerson, code: string, note: string): Promise<void> {
  const window = chatWindow(agent);
  await agent.selectOption({ role: 'combobox', name: 'Disposition Code', within: window }, code);
  await agent.fill({ role: 'textbox', name: 'Note', within: window }, note);
  await agent.click({ role: 'button', name: 'Save', within: window });
  await agent.shows({ role: 'status', hasText: 'Saved', within: window });
  await agent.click(tool(agent, 'Done'));
  await agent.gone(window);
}

export async function endAndWrapUp(agent: DriverPerson, code: string, note: string): Promise<void> {
  await agent.click(tool(agent, 'End'));
  await windowSays(agent, 'Ended');
  await wrapUp(agent, code, note);
}

/** After-call work ended by hand: Not Ready, then Ready (see goReady in steps.ts for why both). */
export async function goReady(agent: DriverPerson): Promise<void> {
  const presence = within(agent, { role: 'combobox', name: 'Chat presence' });
  await agent.selectOption(presence, 'Not Ready');
  await agent.selectOption(presence, 'Ready');
  await eventually(`${agent.name} is Ready`, async () => (await agent.value(presence)) === 'ready');
}

/**
 * Avril starts the chat and Kate accepts it from her preview; they greet each other.
 * `afterAccept` runs right after Accept, before anything else can move the focus.
 */
export async function avrilAndKateChat(avril: DriverPerson, kate: DriverPerson, afterAccept?: () => Promise<void>): Promise<void> {
  await startChat(avril);
  await kate.waitForText(preview(kate, 'New chat'), SUBJECT);
  await answer(kate, 'New chat', 'Accept');
  await afterAccept?.();
  await kate.waitForText(transcript(kate), "New party 'Kate Lewis' has joined the session");
  await avril.waitForText(contactLog(avril), "New party 'Kate Lewis' has joined the session");
  await agentSays(kate, 'Hello, how can I help you today?');
  await avril.waitForText(contactLog(avril), 'Hello, how can I help you today?');
  await contactSays(avril, 'I am having an issue making an on line purchase.');
  await kate.waitForText(transcript(kate), 'I am having an issue making an on line purchase.');
}
