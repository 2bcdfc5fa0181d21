// The seed's three lessons in WebKit (Safari's engine), then a rejected conference, a
// transfer and a server restart mid-chat: the real chat server and demo pages, the contact
// Avril Mai and the agents Kate Lewis and Jim Miller each in their own WebKitGTK, every
// control found by WebKit's own role and accessible name (webkit-harness.ts). Lesson 1 is
// lesson-one.ts, played the same in Firefox. The same flows run in Chromium in
// seed-lessons.test.ts, requests.test.ts and resume.test.ts; these check what WebKit could
// break: accessibility names and roles, focus and keys, events across shadow roots, the
// WebSocket transport. Each flow starts from a fresh chat and leaves everybody free and Ready.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DemoServer } from './harness.js';
import { LESSON_ONE_SECRETS, playLessonOne } from './lesson-one.js';
import type { WebKitPerson, Query } from './webkit-harness.js';
import {
  CONTACT,
  SUBJECT,
  agentSays,
  answer,
  avrilAndKateChat,
  chatWindow,
  contactEnds,
  contactLog,
  contactNeverSaw,
  contactSays,
  endAndWrapUp,
  goReady,
  inviteFromCommunicator,
  partyGone,
  partyIs,
  preview,
  send,
  tool,
  transcript,
  webkitCastOfThree,
  windowSays,
  within,
  wrapUp,
} from './webkit-steps.js';

let avril: WebKitPerson;
let kate: WebKitPerson;
let jim: WebKitPerson;
let server: DemoServer;

const CONSULTATION = [
  'Hello Kate, how can I help?',
  'Hey Jim, Ms. Mai is having a credit card issue. Can you help me with this call?',
  'Sure, conference me in',
];
const NEVER_FOR_THE_CONTACT = [...LESSON_ONE_SECRETS, ...CONSULTATION, 'Consultation', 'consultation'];

webkitCastOfThree({ neverForTheContact: NEVER_FOR_THE_CONTACT, onReady: (cast) => ({ avril, kate, jim, server } = cast) });

test('lesson 1 in WebKit: starting an instant chat conference, then End hands the chat to the remaining agent', async () => {
  await playLessonOne(
    { avril, kate, jim },
    {
      neverForTheContact: NEVER_FOR_THE_CONTACT,
      async inConference(someone) {
        assert.deepEqual(await someone.axeViolations(), [], `axe finds nothing on ${someone.name}'s page in the conference`);
        assert.deepEqual(await someone.unnamedControls(), [], `WebKit names every control on ${someone.name}'s page in the conference`);
      },
    },
  );
});

test('lesson 2 in WebKit: receiving a chat conference — Connected parties, Delete From Conference, End, disposition, Done', async () => {
  await avrilAndKateChat(avril, kate);
  await inviteFromCommunicator(kate, 'Instant Chat Conference', 'Jim Miller', 'Instant Chat Conference');
  await answer(jim, 'Chat conference request', 'Accept');

  await partyIs(jim, CONTACT, 'Connected');
  await partyIs(jim, 'Kate Lewis', 'Connected');
  await partyIs(jim, 'Jim Miller (you)', 'Connected');
  await windowSays(jim, 'Connected');
  await jim.waitForText(transcript(jim), "New party 'Kate Lewis' has joined the session");
  await jim.waitForText(transcript(jim), 'Hello, how can I help you today?');

  // The Conference Party Action Menu: Delete From Conference removes Kate.
  await jim.click({ role: 'button', name: 'Party actions for Kate Lewis', within: chatWindow(jim) });
  const menu: Query = { role: 'menu', name: 'Party actions for Kate Lewis', within: chatWindow(jim) };
  for (const item of ['Call', 'Start Instant Message Consultation', 'New E-mail']) await jim.shows({ role: 'menuitem', name: item, within: menu });
  await jim.click({ role: 'menuitem', name: 'Delete From Conference', within: menu });
  await jim.waitForText(transcript(jim), "Party 'Kate Lewis' has left the session");
  await avril.waitForText(contactLog(avril), "Party 'Kate Lewis' has left the session");
  await windowSays(kate, 'Ended');
  await agentSays(jim, 'I will finish this with you, Ms. Mai.');
  await avril.waitForText(contactLog(avril), 'I will finish this with you, Ms. Mai.');

  await endAndWrapUp(jim, 'Follow-up required', 'Call back about the card.');
  await wrapUp(kate, 'Escalated', 'Jim took it over.');
  await avril.shows(within(avril, { role: 'button', name: 'Start a new chat' }));
  await goReady(kate);
  await goReady(jim);
});

test('lesson 3 in WebKit: a chat conference with an active consultation', async () => {
  await avrilAndKateChat(avril, kate);

  await inviteFromCommunicator(kate, 'Start Consultation', 'Jim Miller', 'Start Chat Consultation');
  await answer(jim, 'Chat consultation request', 'Accept');

  // The consultation is a panel inside Kate's window, with its own transcript; Jim sees only it.
  const kateConsultation: Query = { role: 'region', name: 'Consultation: Jim Miller', within: chatWindow(kate) };
  const jimConsultation: Query = within(jim, { role: 'region', name: 'Consultation: Kate Lewis' });
  await kate.shows(kateConsultation);
  await jim.shows(jimConsultation);
  for (const someone of [kate, jim]) {
    assert.deepEqual(await someone.axeViolations(), [], `axe finds nothing on ${someone.name}'s page in the consultation`);
    assert.deepEqual(await someone.unnamedControls(), [], `WebKit names every control on ${someone.name}'s page in the consultation`);
  }
  const kateConsultationLog: Query = { role: 'log', name: 'Consultation transcript: Jim Miller', within: kateConsultation };
  const jimConsultationLog: Query = { role: 'log', name: 'Consultation transcript: Kate Lewis', within: jimConsultation };
  await send(jim, jimConsultation, CONSULTATION[0]!, 'Consultation message: Kate Lewis');
  await kate.waitForText(kateConsultationLog, CONSULTATION[0]!);
  await send(kate, kateConsultation, CONSULTATION[1]!, 'Consultation message: Jim Miller');
  await jim.waitForText(jimConsultationLog, CONSULTATION[1]!);
  await send(jim, jimConsultation, CONSULTATION[2]!, 'Consultation message: Kate Lewis');
  await kate.waitForText(kateConsultationLog, CONSULTATION[2]!);
  assert.ok(!(await kate.text(transcript(kate))).includes(CONSULTATION[1]!), 'the consultation stays out of the interaction transcript');
  await contactNeverSaw(avril, NEVER_FOR_THE_CONTACT);

  // Instant Chat Conference lists the active consultation; conferencing Jim from it.
  await kate.click(tool(kate, 'Instant Chat Conference'));
  const communicator: Query = { role: 'dialog', name: 'Team Communicator', within: chatWindow(kate) };
  await kate.click({ role: 'option', name: /Jim Miller/, within: { role: 'group', name: 'Active Consultations', within: communicator } });
  await kate.click({ role: 'menuitem', name: 'Instant Chat Conference', within: { role: 'menu', name: 'Actions for Jim Miller', within: communicator } });
  await answer(jim, 'Chat conference request', 'Accept');

  // The consultation ends (Ended, Jim has left it, Done); Jim is in the conference.
  await kate.waitForText(kateConsultationLog, "Party 'Jim Miller' has left the session");
  assert.match(await kate.text(kateConsultation), /Ended/);
  await avril.waitForText(contactLog(avril), "New party 'Jim Miller' has joined the session");
  await jim.waitForText(transcript(jim), 'I am having an issue making an on line purchase.');
  await agentSays(jim, 'Hello Ms. Mai, I can help with the card.');
  await avril.waitForText(contactLog(avril), 'Hello Ms. Mai, I can help with the card.');
  await kate.click({ role: 'button', name: 'Done with Consultation', within: kateConsultation });
  await kate.gone(kateConsultation);
  await jim.click({ role: 'button', name: 'Done with Consultation', within: jimConsultation });
  await jim.gone(jimConsultation);
  await contactNeverSaw(avril, NEVER_FOR_THE_CONTACT);

  // Avril ends the chat; both agents see her leave, end and wrap up.
  await contactEnds(avril);
  await kate.waitForText(transcript(kate), `Party '${CONTACT}' has left the session`);
  await jim.waitForText(transcript(jim), `Party '${CONTACT}' has left the session`);
  await endAndWrapUp(kate, 'Resolved', 'Conferenced Jim from the consultation.');
  await endAndWrapUp(jim, 'Resolved', 'Card fixed.');
  await goReady(kate);
  await goReady(jim);
});

test('reject in WebKit: Jim rejects the conference request; Kate is told and keeps the chat', async () => {
  await avrilAndKateChat(avril, kate);
  await inviteFromCommunicator(kate, 'Instant Chat Conference', 'Jim Miller', 'Instant Chat Conference');
  await kate.shows({ role: 'list', name: 'Pending invitations', within: chatWindow(kate) });
  await answer(jim, 'Chat conference request', 'Reject');
  await kate.shows({ role: 'status', hasText: 'Jim Miller rejected the conference request', within: chatWindow(kate) });
  await partyGone(kate, 'Jim Miller');
  assert.equal(await jim.query(chatWindow(jim)), undefined, 'Jim has no window of the chat');
  await agentSays(kate, 'My colleague is busy, I will check myself.');
  await avril.waitForText(contactLog(avril), 'My colleague is busy, I will check myself.');
  assert.ok(!(await avril.text(contactLog(avril))).includes('Jim Miller'), 'Avril never hears of Jim');
  await endAndWrapUp(kate, 'Resolved', 'No conference needed.');
  await avril.shows(within(avril, { role: 'button', name: 'Start a new chat' }));
  await goReady(kate);
});

test('transfer in WebKit: Kate transfers the chat to Jim, who gets the whole transcript; Kate wraps up', async () => {
  await avrilAndKateChat(avril, kate);
  await inviteFromCommunicator(kate, 'Instant Chat Transfer', 'Jim Miller', 'Instant Chat Transfer');
  const request = preview(jim, 'Chat transfer request');
  await jim.waitForText(request, SUBJECT);
  assert.match(await jim.text(request), /Origin: Inbound chat/);
  await answer(jim, 'Chat transfer request', 'Accept');
  for (const line of ['Hello, how can I help you today?', 'I am having an issue making an on line purchase.']) await jim.waitForText(transcript(jim), line);
  await windowSays(kate, 'Ended');
  await avril.waitForText(contactLog(avril), "Party 'Kate Lewis' has left the session");
  await avril.shows(within(avril, { role: 'status', hasText: 'Chatting with Jim Miller' }));
  await agentSays(jim, 'Hello, Jim here. I have your case.');
  await avril.waitForText(contactLog(avril), 'Hello, Jim here. I have your case.');
  await contactSays(avril, 'Thanks, Jim.');
  await jim.waitForText(transcript(jim), 'Thanks, Jim.');
  await wrapUp(kate, 'Escalated', 'Transferred to Jim.');
  await endAndWrapUp(jim, 'Resolved', 'Done after transfer.');
  await goReady(kate);
  await goReady(jim);
});

test('server restart mid-chat in WebKit: Reconnecting…, then nothing lost and nothing doubled', async () => {
  await avrilAndKateChat(avril, kate);
  const reconnecting = (person: WebKitPerson): Query => within(person, { role: 'status', hasText: 'Reconnecting…' });
  const offline = ['Kate, are you still there?', 'I wrote this while the server was down.'];
  await server.restart(async () => {
    await avril.shows(reconnecting(avril));
    await kate.shows(reconnecting(kate));
    for (const text of offline) await send(avril, avril.region, text);
    await send(kate, chatWindow(kate), 'Yes, one moment please.');
  });

  for (const text of offline) await kate.waitForText(transcript(kate), text);
  await avril.waitForText(contactLog(avril), 'Yes, one moment please.');
  await agentSays(kate, 'Back online.');
  await avril.waitForText(contactLog(avril), 'Back online.');
  const count = (text: string, part: string) => text.split(part).length - 1;
  const seenByKate = await kate.text(transcript(kate));
  const seenByAvril = await avril.text(contactLog(avril));
  for (const text of [...offline, 'Yes, one moment please.', 'I am having an issue making an on line purchase.']) {
    assert.equal(count(seenByKate, text), 1, `Kate sees "${text}" once`);
    assert.equal(count(seenByAvril, text), 1, `Avril sees "${text}" once`);
  }
  assert.ok(seenByKate.indexOf(offline[0]!) < seenByKate.indexOf(offline[1]!), 'in the order written');
  await avril.shows(within(avril, { role: 'status', hasText: 'Chatting with Kate Lewis' }));
  await avril.gone(reconnecting(avril));
  await kate.gone(reconnecting(kate));

  await contactEnds(avril);
  await endAndWrapUp(kate, 'Resolved', 'Back after the restart.');
  await goReady(kate);
});
