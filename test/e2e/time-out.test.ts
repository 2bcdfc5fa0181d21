// Requests nobody answers, over the network: the server runs with a short invitation
// time-out, so the preview disappears from the invitee, the initiator is told, and the
// chat carries on with the agent who asked.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gone, logShows, logText, shows, type Person } from './harness.js';
import {
  castOfThree,
  agentSays,
  avrilAndKateChat,
  chatWindow,
  contactLog,
  endAndWrapUp,
  goReady,
  inviteFromCommunicator,
  partyIs,
  partyGone,
  preview,
  windowSays,
} from './steps.js';

/** Long enough for a person (or the test) to accept a new chat, short enough to wait out. */
const INVITE_TIMEOUT_MS = 4000;

let avril: Person;
let kate: Person;
let jim: Person;
const NEVER_FOR_THE_CONTACT = ['did not answer', 'Timed out', 'Transferring to', 'Inviting', 'Jim Miller'];

castOfThree({
  neverForTheContact: NEVER_FOR_THE_CONTACT,
  config: { inviteTimeoutMs: INVITE_TIMEOUT_MS },
  onReady: (cast) => ({ avril, kate, jim } = cast),
});

test('time-out: an unanswered conference request is released and Kate is told', async () => {
  await avrilAndKateChat(avril, kate);
  await inviteFromCommunicator(kate, 'Instant Chat Conference', 'Jim Miller', 'Instant Chat Conference');
  const request = preview(jim, 'Chat conference request');
  await shows(request);
  assert.match(await logText(request), /Time left: /);
  await partyIs(kate, 'Jim Miller', 'Ringing');

  // Nobody answers.
  await gone(request);
  await shows(chatWindow(kate).getByRole('status').filter({ hasText: 'Jim Miller did not answer the conference request' }));
  await partyGone(kate, 'Jim Miller'); // the request is released
  assert.equal(await chatWindow(jim).count(), 0, 'Jim has no window of the chat');
  await agentSays(kate, 'Still with you, Ms. Mai.');
  await logShows(contactLog(avril), 'Still with you, Ms. Mai.');
});

test('time-out: an unanswered transfer leaves the chat with Kate', async () => {
  await inviteFromCommunicator(kate, 'Instant Chat Transfer', 'Jim Miller', 'Instant Chat Transfer');
  const request = preview(jim, 'Chat transfer request');
  await shows(request);
  await gone(request);
  await shows(chatWindow(kate).getByRole('status').filter({ hasText: 'Jim Miller did not answer the transfer request' }));
  await windowSays(kate, 'Connected');
  await shows(avril.region.getByRole('status').filter({ hasText: 'Chatting with Kate Lewis' }));
  await agentSays(kate, 'The transfer did not go through; I will help you myself.');
  await logShows(contactLog(avril), 'The transfer did not go through; I will help you myself.');

  await endAndWrapUp(kate, 'Resolved', 'Nobody took the transfer.');
  await shows(avril.region.getByRole('button', { name: 'Start a new chat' }));
  await Promise.all([goReady(kate), goReady(jim)]);
});
