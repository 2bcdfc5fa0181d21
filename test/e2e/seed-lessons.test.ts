// The seed's three lessons over the network: the real chat server (started here on a free
// loopback port), the pages `npm start` serves, and three people in their own browser
// contexts — the contact Avril Mai and the agents Kate Lewis and Jim Miller. Each lesson
// starts from a fresh chat and leaves everybody free and Ready for the next.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { axeViolations, gone, logShows, logText, shows, type Person } from './harness.js';
import {
  CONTACT,
  castOfThree,
  SUBJECT,
  agentSays,
  avrilAndKateChat,
  answer,
  chatWindow,
  contactEnds,
  contactLog,
  contactNeverSaw,
  contactSays,
  endAndWrapUp,
  goReady,
  inviteFromCommunicator,
  partyIs,
  preview,
  tool,
  transcript,
  windowSays,
  wrapUp,
} from './steps.js';

let avril: Person;
let kate: Person;
let jim: Person;

/** Texts that belong to the agents only: the contact's page must never show them. */
const AGENTS_ONLY = 'Checking the card with billing before I loop in Jim.';
const CONSULTATION = [
  'Hello Kate, how can I help?',
  'Hey Jim, Ms. Mai is having a credit card issue. Can you help me with this call?',
  'Sure, conference me in',
];
const NEVER_FOR_THE_CONTACT = [AGENTS_ONLY, ...CONSULTATION, 'Consultation', 'Agents only', 'consultation'];

castOfThree({
  neverForTheContact: NEVER_FOR_THE_CONTACT,
  onReady: (cast) => ({ avril, kate, jim } = cast),
});

test('lesson 1: starting an instant chat conference, then End hands the chat to the remaining agent', async () => {
  await avrilAndKateChat(avril, kate);
  await contactNeverSaw(avril.page, NEVER_FOR_THE_CONTACT);

  // An agents-only note: Jim will see it with the whole transcript, Avril never.
  await agentSays(kate, AGENTS_ONLY, true);
  await agentSays(kate, 'Let me contact my associate about that.');
  await logShows(contactLog(avril), 'Let me contact my associate about that.');
  await contactNeverSaw(avril.page, NEVER_FOR_THE_CONTACT);

  await inviteFromCommunicator(kate, 'Instant Chat Conference', 'Jim Miller', 'Instant Chat Conference');
  await partyIs(kate, 'Jim Miller', 'Ringing');
  const request = preview(jim, 'Chat conference request');
  await shows(request);
  const asked = await logText(request);
  assert.match(asked, /Origin: Inbound chat/);
  assert.match(asked, new RegExp(SUBJECT));
  await answer(jim, 'Chat conference request', 'Accept');

  // Jim gets the whole transcript, the agents-only note included.
  for (const line of ['Hello, how can I help you today?', 'I am having an issue making an on line purchase.', AGENTS_ONLY, "New party 'Jim Miller' has joined the session"]) {
    await logShows(transcript(jim), line);
  }
  await partyIs(kate, 'Jim Miller', 'Connected');
  await logShows(contactLog(avril), "New party 'Jim Miller' has joined the session");
  await contactNeverSaw(avril.page, NEVER_FOR_THE_CONTACT);

  // All three see what each writes.
  await agentSays(jim, 'Hello, how can I help you today? Jim here.');
  await agentSays(kate, 'Ms. Mai is having an issue with her credit card.');
  await contactSays(avril, 'There seems to be an issue with my credit card.');
  await logShows(contactLog(avril), 'Hello, how can I help you today? Jim here.');
  await logShows(contactLog(avril), 'Ms. Mai is having an issue with her credit card.');
  await logShows(transcript(kate), 'Hello, how can I help you today? Jim here.');
  await logShows(transcript(kate), 'There seems to be an issue with my credit card.');
  await logShows(transcript(jim), 'Ms. Mai is having an issue with her credit card.');
  await logShows(transcript(jim), 'There seems to be an issue with my credit card.');
  for (const someone of [avril, kate, jim]) assert.deepEqual(await axeViolations(someone.page), [], `axe finds nothing on ${someone.name}'s page in the conference`);

  // Kate ends while Jim is connected: the chat moves to Jim, Avril stays connected.
  await tool(kate, 'End').click();
  await windowSays(kate, 'Ended');
  await logShows(transcript(jim), "Party 'Kate Lewis' has left the session");
  await logShows(contactLog(avril), "Party 'Kate Lewis' has left the session");
  await shows(avril.region.getByRole('status').filter({ hasText: 'Chatting with Jim Miller' }));
  await windowSays(jim, 'Connected');
  await agentSays(jim, 'OK, I can take care of that.');
  await logShows(contactLog(avril), 'OK, I can take care of that.');
  await contactSays(avril, 'Thank you, Jim.');
  await logShows(transcript(jim), 'Thank you, Jim.');
  await wrapUp(kate, 'Resolved', 'Handed over to Jim.');
  await contactNeverSaw(avril.page, NEVER_FOR_THE_CONTACT);

  // Jim, the last agent, ends: the chat is over for Avril too.
  await endAndWrapUp(jim, 'Resolved', 'Card issue solved.');
  await shows(avril.region.getByRole('button', { name: 'Start a new chat' }));
  await Promise.all([goReady(kate), goReady(jim)]);
});

test('lesson 2: receiving a chat conference — Connected parties, Delete From Conference, End, disposition, Done', async () => {
  await avrilAndKateChat(avril, kate);
  await inviteFromCommunicator(kate, 'Instant Chat Conference', 'Jim Miller', 'Instant Chat Conference');
  await answer(jim, 'Chat conference request', 'Accept');

  // Jim's window: the parties as text, the transcript so far.
  await partyIs(jim, CONTACT, 'Connected');
  await partyIs(jim, 'Kate Lewis', 'Connected');
  await partyIs(jim, 'Jim Miller (you)', 'Connected');
  await windowSays(jim, 'Connected');
  await logShows(transcript(jim), "New party 'Kate Lewis' has joined the session");
  await logShows(transcript(jim), 'Hello, how can I help you today?');

  // The Conference Party Action Menu: Delete From Conference removes Kate.
  await chatWindow(jim).getByRole('button', { name: 'Party actions for Kate Lewis' }).click();
  const menu = chatWindow(jim).getByRole('menu', { name: 'Party actions for Kate Lewis' });
  for (const item of ['Call', 'Start Instant Message Consultation', 'New E-mail']) await shows(menu.getByRole('menuitem', { name: item }));
  await menu.getByRole('menuitem', { name: 'Delete From Conference' }).click();
  await logShows(transcript(jim), "Party 'Kate Lewis' has left the session");
  await logShows(contactLog(avril), "Party 'Kate Lewis' has left the session");
  await windowSays(kate, 'Ended');
  await agentSays(jim, 'I will finish this with you, Ms. Mai.');
  await logShows(contactLog(avril), 'I will finish this with you, Ms. Mai.');

  // Jim ends, sets the disposition and a note, saves, and is done.
  await endAndWrapUp(jim, 'Follow-up required', 'Call back about the card.');
  await wrapUp(kate, 'Escalated', 'Jim took it over.');
  await shows(avril.region.getByRole('button', { name: 'Start a new chat' }));
  await Promise.all([goReady(kate), goReady(jim)]);
});

test('lesson 3: a chat conference with an active consultation', async () => {
  await avrilAndKateChat(avril, kate);

  await inviteFromCommunicator(kate, 'Start Consultation', 'Jim Miller', 'Start Chat Consultation');
  await answer(jim, 'Chat consultation request', 'Accept');

  // The consultation is a panel inside Kate's window, with its own transcript; Jim sees only it.
  const kateConsultation = chatWindow(kate).getByRole('region', { name: 'Consultation: Jim Miller' });
  const jimConsultation = jim.region.getByRole('region', { name: 'Consultation: Kate Lewis' });
  await shows(kateConsultation);
  await shows(jimConsultation);
  // Jim's consultation window sits under his desktop's h1: its heading follows (axe heading-order).
  for (const someone of [kate, jim]) assert.deepEqual(await axeViolations(someone.page), [], `axe finds nothing on ${someone.name}'s page in the consultation`);
  const kateConsultationLog = kateConsultation.getByRole('log', { name: 'Consultation transcript: Jim Miller' });
  const jimConsultationLog = jimConsultation.getByRole('log', { name: 'Consultation transcript: Kate Lewis' });
  await sendFromConsultation(jimConsultation, 'Consultation message: Kate Lewis', CONSULTATION[0]!);
  await logShows(kateConsultationLog, CONSULTATION[0]!);
  await sendFromConsultation(kateConsultation, 'Consultation message: Jim Miller', CONSULTATION[1]!);
  await logShows(jimConsultationLog, CONSULTATION[1]!);
  await sendFromConsultation(jimConsultation, 'Consultation message: Kate Lewis', CONSULTATION[2]!);
  await logShows(kateConsultationLog, CONSULTATION[2]!);
  assert.ok(!(await logText(transcript(kate))).includes(CONSULTATION[1]!), 'the consultation stays out of the interaction transcript');
  await contactNeverSaw(avril.page, NEVER_FOR_THE_CONTACT);

  // Instant Chat Conference lists the active consultation; conferencing Jim from it.
  await tool(kate, 'Instant Chat Conference').click();
  const communicator = chatWindow(kate).getByRole('dialog', { name: 'Team Communicator' });
  await communicator
    .getByRole('group', { name: 'Active Consultations' })
    .getByRole('option', { name: /Jim Miller/ })
    .click();
  await communicator.getByRole('menu', { name: 'Actions for Jim Miller' }).getByRole('menuitem', { name: 'Instant Chat Conference' }).click();
  await answer(jim, 'Chat conference request', 'Accept');

  // The consultation ends (Ended, Jim has left it, Done); Jim is in the conference.
  await logShows(kateConsultationLog, "Party 'Jim Miller' has left the session");
  assert.match(await logText(kateConsultation), /Ended/);
  await logShows(contactLog(avril), "New party 'Jim Miller' has joined the session");
  await logShows(transcript(jim), 'I am having an issue making an on line purchase.');
  await agentSays(jim, 'Hello Ms. Mai, I can help with the card.');
  await logShows(contactLog(avril), 'Hello Ms. Mai, I can help with the card.');
  await kateConsultation.getByRole('button', { name: 'Done with Consultation' }).click();
  await gone(kateConsultation);
  await jimConsultation.getByRole('button', { name: 'Done with Consultation' }).click();
  await gone(jimConsultation);
  await contactNeverSaw(avril.page, NEVER_FOR_THE_CONTACT);

  // Avril ends the chat; both agents see her leave, end and wrap up.
  await contactEnds(avril);
  await logShows(transcript(kate), `Party '${CONTACT}' has left the session`);
  await logShows(transcript(jim), `Party '${CONTACT}' has left the session`);
  await endAndWrapUp(kate, 'Resolved', 'Conferenced Jim from the consultation.');
  await endAndWrapUp(jim, 'Resolved', 'Card fixed.');
  await Promise.all([goReady(kate), goReady(jim)]);
});

async function sendFromConsultation(panel: import('playwright-core').Locator, composer: string, text: string): Promise<void> {
  const box = panel.getByRole('textbox', { name: composer, exact: true });
  await box.fill(text);
  await box.press('Enter');
}
