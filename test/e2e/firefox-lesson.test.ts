// The seed's first lesson in Firefox (Gecko): the real chat server and demo pages, the
// contact Avril Mai and the agents Kate Lewis and Jim Miller each in their own headless
// firefox-esr, every control found by Firefox's own role and accessible name
// (firefox-harness.ts). The same lesson runs in Chromium (seed-lessons.test.ts) and WebKit
// (webkit-lesson.test.ts); this checks what Gecko could break: accessible names and roles,
// events across shadow roots, the WebSocket transport.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FirefoxPerson, Query } from './firefox-harness.js';
import {
  CONTACT,
  SUBJECT,
  agentSays,
  answer,
  avrilAndKateChat,
  chatWindow,
  contactLog,
  contactNeverSaw,
  contactSays,
  endAndWrapUp,
  firefoxCastOfThree,
  goReady,
  inviteFromCommunicator,
  partyIs,
  preview,
  tool,
  transcript,
  windowSays,
  within,
  wrapUp,
} from './firefox-steps.js';

let avril: FirefoxPerson;
let kate: FirefoxPerson;
let jim: FirefoxPerson;

const AGENTS_ONLY = 'Checking the card with billing before I loop in Jim.';
const NEVER_FOR_THE_CONTACT = [AGENTS_ONLY, 'Agents only'];

firefoxCastOfThree({ neverForTheContact: NEVER_FOR_THE_CONTACT, onReady: (cast) => ({ avril, kate, jim } = cast) });

test('lesson 1 in Firefox: starting an instant chat conference, then End hands the chat to the remaining agent', async () => {
  await avrilAndKateChat(avril, kate);

  // An agents-only note: Jim will get it with the transcript, Avril never.
  const agentsOnly: Query = { role: 'checkbox', name: 'Agents only', within: chatWindow(kate) };
  await kate.click(agentsOnly);
  await agentSays(kate, AGENTS_ONLY);
  await kate.click(agentsOnly);
  await agentSays(kate, 'Let me contact my associate about that.');
  await avril.waitForText(contactLog(avril), 'Let me contact my associate about that.');
  await contactNeverSaw(avril, NEVER_FOR_THE_CONTACT);
  assert.ok((await avril.everShown()).includes('Let me contact my associate about that.'), "the record of Avril's page holds what she was shown");

  await inviteFromCommunicator(kate, 'Instant Chat Conference', 'Jim Miller', 'Instant Chat Conference');
  await partyIs(kate, 'Jim Miller', 'Ringing');
  const request = preview(jim, 'Chat conference request');
  await jim.waitForText(request, SUBJECT);
  assert.match(await jim.text(request), /Origin: Inbound chat/);
  await answer(jim, 'Chat conference request', 'Accept');
  for (const line of ['Hello, how can I help you today?', 'I am having an issue making an on line purchase.', AGENTS_ONLY, "New party 'Jim Miller' has joined the session"]) {
    await jim.waitForText(transcript(jim), line);
  }
  await partyIs(kate, 'Jim Miller', 'Connected');
  await partyIs(jim, CONTACT, 'Connected');
  await partyIs(jim, 'Kate Lewis', 'Connected');
  await avril.waitForText(contactLog(avril), "New party 'Jim Miller' has joined the session");

  // All three see what each writes.
  await agentSays(jim, 'Hello, how can I help you today? Jim here.');
  await agentSays(kate, 'Ms. Mai is having an issue with her credit card.');
  await contactSays(avril, 'There seems to be an issue with my credit card.');
  await avril.waitForText(contactLog(avril), 'Hello, how can I help you today? Jim here.');
  await avril.waitForText(contactLog(avril), 'Ms. Mai is having an issue with her credit card.');
  await kate.waitForText(transcript(kate), 'Hello, how can I help you today? Jim here.');
  await kate.waitForText(transcript(kate), 'There seems to be an issue with my credit card.');
  await jim.waitForText(transcript(jim), 'Ms. Mai is having an issue with her credit card.');
  await jim.waitForText(transcript(jim), 'There seems to be an issue with my credit card.');

  // Kate ends while Jim is connected: the chat moves to Jim, Avril stays connected.
  await kate.click(tool(kate, 'End'));
  await windowSays(kate, 'Ended');
  await jim.waitForText(transcript(jim), "Party 'Kate Lewis' has left the session");
  await avril.waitForText(contactLog(avril), "Party 'Kate Lewis' has left the session");
  await avril.shows(within(avril, { role: 'status', hasText: 'Chatting with Jim Miller' }));
  await windowSays(jim, 'Connected');
  await agentSays(jim, 'OK, I can take care of that.');
  await avril.waitForText(contactLog(avril), 'OK, I can take care of that.');
  await contactSays(avril, 'Thank you, Jim.');
  await jim.waitForText(transcript(jim), 'Thank you, Jim.');
  await wrapUp(kate, 'Resolved', 'Handed over to Jim.');
  await contactNeverSaw(avril, NEVER_FOR_THE_CONTACT);

  // Jim, the last agent, ends and is done: the chat is over for Avril too.
  await endAndWrapUp(jim, 'Resolved', 'Card issue solved.');
  await jim.focusIs(within(jim, { role: 'combobox', name: 'Chat presence' }), 'Done closed the last window');
  await avril.shows(within(avril, { role: 'button', name: 'Start a new chat' }));
  await goReady(kate);
  await goReady(jim);
});
