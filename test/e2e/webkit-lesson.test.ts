// The seed's lesson 1 in WebKit (Safari's engine): the real chat server and demo pages, the
// contact Avril Mai and the agents Kate Lewis and Jim Miller each in their own WebKitGTK,
// every control found by WebKit's own role and accessible name (test/e2e/webkit-harness.ts).
// The same lesson runs in Chromium in seed-lessons.test.ts; this one checks what WebKit
// could break: rendering, focus and keys, events across shadow roots, the WebSocket transport.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Key } from 'webdriverio';
import { startDemoServer, type DemoServer } from './harness.js';
import { CONTACT, SUBJECT } from './steps.js';
import { startWebKitDisplay, WebKitPerson, type Display, type Query } from './webkit-harness.js';

const AGENTS_ONLY = 'Checking the card with billing before I loop in Jim.';
const NEVER_FOR_THE_CONTACT = [AGENTS_ONLY, 'Agents only'];

let server: DemoServer | undefined;
let display: Display | undefined;
let avril: WebKitPerson;
let kate: WebKitPerson;
let jim: WebKitPerson;
const people: WebKitPerson[] = [];

before(async () => {
  server = await startDemoServer();
  display = await startWebKitDisplay();
  // One after the other: three browsers compiling the demo's first load at once on a busy machine only adds waiting.
  for (const [id, name] of [
    ['avril', CONTACT],
    ['kate', 'Kate Lewis'],
    ['jim', 'Jim Miller'],
  ] as const) {
    people.push(await WebKitPerson.signIn(display, server.url, id, name));
  }
  [avril, kate, jim] = people as [WebKitPerson, WebKitPerson, WebKitPerson];
});

after(async () => {
  await Promise.all(people.map((person) => person.close()));
  await display?.stop();
  await server?.close();
});

const within = (person: WebKitPerson, query: Omit<Query, 'within'>): Query => ({ ...query, within: person.region });
const contactLog = (): Query => within(avril, { role: 'log', name: 'Chat transcript' });
const chatWindow = (agent: WebKitPerson): Query => within(agent, { role: 'article', name: CONTACT });
const transcript = (agent: WebKitPerson): Query => ({ role: 'log', name: 'Transcript', exact: true, within: chatWindow(agent) });
const tool = (agent: WebKitPerson, name: string): Query => ({
  role: 'button',
  name,
  exact: true,
  within: { role: 'toolbar', name: 'Interaction actions', within: chatWindow(agent) },
});
const preview = (agent: WebKitPerson, kind: string): Query => within(agent, { role: 'region', name: new RegExp(` - ${kind}$`) });

/** Types in a composer and sends with Enter, as a person would. */
async function send(person: WebKitPerson, scope: Query, text: string): Promise<void> {
  const box: Query = { role: 'textbox', name: 'Message', exact: true, within: scope };
  await person.fill(box, text);
  await person.press(box, Key.Enter);
}

async function agentSays(agent: WebKitPerson, text: string): Promise<void> {
  await send(agent, chatWindow(agent), text);
  await agent.waitForText(transcript(agent), text);
}

async function contactSays(text: string): Promise<void> {
  await send(avril, avril.region, text);
  await avril.waitForText(contactLog(), text);
}

async function answer(agent: WebKitPerson, kind: string, choice: 'Accept' | 'Reject'): Promise<void> {
  const request = preview(agent, kind);
  await agent.click({ role: 'button', name: choice, exact: true, within: request });
  await agent.gone(request);
}

async function partyIs(agent: WebKitPerson, name: string, state: string): Promise<void> {
  await agent.shows({ role: 'listitem', hasText: `${name} ${state}`, within: { role: 'list', name: 'Parties', within: chatWindow(agent) } });
}

async function contactNeverSaw(): Promise<void> {
  const now = await avril.text({ role: 'region', name: CONTACT, exact: true });
  const { everShown } = await avril.record();
  for (const secret of NEVER_FOR_THE_CONTACT) {
    assert.ok(!now.includes(secret), `The contact's page shows "${secret}"`);
    assert.ok(!everShown.join('\n').includes(secret), `The contact's page showed "${secret}" at some point`);
  }
}

test('lesson 1 in WebKit: chat, instant chat conference, End hands the chat to Jim', async () => {
  // Avril asks for a chat; Kate accepts it from her preview.
  await avril.fill(within(avril, { role: 'textbox', name: 'Subject' }), SUBJECT);
  await avril.click(within(avril, { role: 'button', name: 'Start Chat' }));
  await avril.shows(within(avril, { role: 'heading', name: SUBJECT }));
  await kate.waitForText(preview(kate, 'New chat'), SUBJECT);
  await answer(kate, 'New chat', 'Accept');
  await kate.waitForText(transcript(kate), "New party 'Kate Lewis' has joined the session");
  await avril.waitForText(contactLog(), "New party 'Kate Lewis' has joined the session");
  await agentSays(kate, 'Hello, how can I help you today?');
  await avril.waitForText(contactLog(), 'Hello, how can I help you today?');
  await contactSays('I am having an issue making an on line purchase.');
  await kate.waitForText(transcript(kate), 'I am having an issue making an on line purchase.');

  // An agents-only note: Jim will get it with the transcript, Avril never.
  const agentsOnly: Query = { role: 'checkbox', name: 'Agents only', within: chatWindow(kate) };
  await kate.click(agentsOnly);
  await agentSays(kate, AGENTS_ONLY);
  await kate.click(agentsOnly);
  await agentSays(kate, 'Let me contact my associate about that.');
  await avril.waitForText(contactLog(), 'Let me contact my associate about that.');

  // Instant Chat Conference from the Team Communicator: type Jim's name, his action menu.
  await kate.click(tool(kate, 'Instant Chat Conference'));
  const communicator: Query = { role: 'dialog', name: 'Team Communicator', within: chatWindow(kate) };
  await kate.fill({ role: 'combobox', name: 'Type name or number', within: communicator }, 'Jim');
  await kate.click({ role: 'button', name: 'Actions for Jim Miller', within: communicator });
  await kate.click({ role: 'menuitem', name: 'Instant Chat Conference', within: { role: 'menu', name: 'Actions for Jim Miller', within: communicator } });
  await kate.gone(communicator);
  await partyIs(kate, 'Jim Miller', 'Ringing');

  const request = preview(jim, 'Chat conference request');
  await jim.waitForText(request, SUBJECT);
  assert.match(await jim.text(request), /Origin: Inbound chat/);
  await answer(jim, 'Chat conference request', 'Accept');
  for (const line of ['Hello, how can I help you today?', 'I am having an issue making an on line purchase.', AGENTS_ONLY, "New party 'Jim Miller' has joined the session"]) {
    await jim.waitForText(transcript(jim), line);
  }
  await partyIs(kate, 'Jim Miller', 'Connected');
  await avril.waitForText(contactLog(), "New party 'Jim Miller' has joined the session");

  // All three see what each writes.
  await agentSays(jim, 'Hello, how can I help you today? Jim here.');
  await agentSays(kate, 'Ms. Mai is having an issue with her credit card.');
  await contactSays('There seems to be an issue with my credit card.');
  await avril.waitForText(contactLog(), 'Hello, how can I help you today? Jim here.');
  await avril.waitForText(contactLog(), 'Ms. Mai is having an issue with her credit card.');
  await kate.waitForText(transcript(kate), 'Hello, how can I help you today? Jim here.');
  await kate.waitForText(transcript(kate), 'There seems to be an issue with my credit card.');
  await jim.waitForText(transcript(jim), 'Ms. Mai is having an issue with her credit card.');
  await jim.waitForText(transcript(jim), 'There seems to be an issue with my credit card.');
  await contactNeverSaw();

  // Kate ends while Jim is connected: the chat moves to Jim, Avril stays connected.
  await kate.click(tool(kate, 'End'));
  await jim.waitForText(transcript(jim), "Party 'Kate Lewis' has left the session");
  await avril.waitForText(contactLog(), "Party 'Kate Lewis' has left the session");
  await avril.shows(within(avril, { role: 'status', hasText: 'Chatting with Jim Miller' }));
  await agentSays(jim, 'OK, I can take care of that.');
  await avril.waitForText(contactLog(), 'OK, I can take care of that.');

  // Kate's wrap-up: Disposition Code, Note, Save, Done.
  const kateWindow = chatWindow(kate);
  await kate.selectOption({ role: 'combobox', name: 'Disposition Code', within: kateWindow }, 'Resolved');
  await kate.fill({ role: 'textbox', name: 'Note', within: kateWindow }, 'Handed over to Jim.');
  await kate.click({ role: 'button', name: 'Save', within: kateWindow });
  await kate.shows({ role: 'status', hasText: 'Saved', within: kateWindow });
  await kate.click(tool(kate, 'Done'));
  await kate.gone(kateWindow);
  await contactNeverSaw();

  for (const person of people) assert.deepEqual((await person.record()).errors, [], `no page errors on ${person.name}'s page`);
});
