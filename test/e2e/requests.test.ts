// Requests and departures over the network, beyond the seed's happy paths: a rejected
// conference, an Instant Chat Transfer, the initiator deleting a party from the
// conference, and the conferenced agent ending while the initiator stays. One server and
// three browser contexts; each flow leaves everybody free and Ready for the next.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { logShows, logText, shows, type Person } from './harness.js';
import {
  castOfThree,
  agentSays,
  answer,
  avrilAndKateChat,
  chatWindow,
  contactLog,
  contactNeverSaw,
  contactSays,
  endAndWrapUp,
  goReady,
  inviteFromCommunicator,
  kateConferencesJim,
  partyIs,
  partyGone,
  preview,
  transcript,
  windowSays,
  wrapUp,
} from './steps.js';

let avril: Person;
let kate: Person;
let jim: Person;

const AGENTS_ONLY = 'Jim, this customer was double charged last month.';
const NEVER_FOR_THE_CONTACT = [AGENTS_ONLY, 'Agents only', 'Consultation', 'rejected the conference request', 'Transferring to', 'Inviting'];

castOfThree({
  neverForTheContact: NEVER_FOR_THE_CONTACT,
  onReady: (cast) => ({ avril, kate, jim } = cast),
});

test('reject: Jim rejects the conference request; Kate is told and keeps the chat', async () => {
  await avrilAndKateChat(avril, kate);
  await inviteFromCommunicator(kate, 'Instant Chat Conference', 'Jim Miller', 'Instant Chat Conference');
  await shows(chatWindow(kate).getByRole('list', { name: 'Pending invitations' }));
  await contactNeverSaw(avril.page, NEVER_FOR_THE_CONTACT);
  await answer(jim, 'Chat conference request', 'Reject');

  await shows(chatWindow(kate).getByRole('status').filter({ hasText: 'Jim Miller rejected the conference request' }));
  await partyGone(kate, 'Jim Miller'); // the request is released
  assert.equal(await chatWindow(jim).count(), 0, 'Jim has no window of the chat');
  await agentSays(kate, 'My colleague is busy, I will check myself.');
  await logShows(contactLog(avril), 'My colleague is busy, I will check myself.');
  assert.ok(!(await logText(contactLog(avril))).includes('Jim Miller'), 'Avril never hears of Jim');

  await endAndWrapUp(kate, 'Resolved', 'No conference needed.');
  await shows(avril.region.getByRole('button', { name: 'Start a new chat' }));
  await goReady(kate);
});

test('transfer: Kate transfers the chat to Jim, who gets the whole transcript; Kate wraps up', async () => {
  await avrilAndKateChat(avril, kate);
  await agentSays(kate, AGENTS_ONLY, true);
  await inviteFromCommunicator(kate, 'Instant Chat Transfer', 'Jim Miller', 'Instant Chat Transfer');
  const request = preview(jim, 'Chat transfer request');
  await shows(request);
  assert.match(await logText(request), /Origin: Inbound chat/);
  await answer(jim, 'Chat transfer request', 'Accept');

  // Jim owns the chat with everything said so far; Kate's part is over.
  for (const line of ['Hello, how can I help you today?', 'I am having an issue making an on line purchase.', AGENTS_ONLY]) {
    await logShows(transcript(jim), line);
  }
  await windowSays(kate, 'Ended');
  await logShows(contactLog(avril), "Party 'Kate Lewis' has left the session");
  await shows(avril.region.getByRole('status').filter({ hasText: 'Chatting with Jim Miller' }));
  await agentSays(jim, 'Hello, Jim here. I have your case.');
  await logShows(contactLog(avril), 'Hello, Jim here. I have your case.');
  await contactSays(avril, 'Thanks, Jim.');
  await logShows(transcript(jim), 'Thanks, Jim.');
  await wrapUp(kate, 'Escalated', 'Transferred to Jim.');

  await endAndWrapUp(jim, 'Resolved', 'Done after transfer.');
  await Promise.all([goReady(kate), goReady(jim)]);
});

test('Delete From Conference: Kate removes Jim; Jim is told, Avril stays with Kate', async () => {
  await avrilAndKateChat(avril, kate);
  await kateConferencesJim(kate, jim);
  await agentSays(jim, 'Jim here, joining.');
  await logShows(contactLog(avril), 'Jim here, joining.');

  await chatWindow(kate).getByRole('button', { name: 'Party actions for Jim Miller' }).click();
  await chatWindow(kate)
    .getByRole('menu', { name: 'Party actions for Jim Miller' })
    .getByRole('menuitem', { name: 'Delete From Conference' })
    .click();
  await logShows(transcript(kate), "Party 'Jim Miller' has left the session");
  await logShows(contactLog(avril), "Party 'Jim Miller' has left the session");
  await partyIs(kate, 'Jim Miller', 'Removed');
  await windowSays(jim, 'Ended');
  await shows(avril.region.getByRole('status').filter({ hasText: 'Chatting with Kate Lewis' }));
  await contactSays(avril, 'Is Jim gone?');
  await logShows(transcript(kate), 'Is Jim gone?');
  assert.ok(!(await logText(transcript(jim))).includes('Is Jim gone?'), 'Jim no longer receives the chat');

  await wrapUp(jim, 'No answer needed', 'Removed from the conference.');
  await endAndWrapUp(kate, 'Resolved', 'Finished alone.');
  await Promise.all([goReady(kate), goReady(jim)]);
});

test('End with a remaining agent: the conferenced agent ends, the initiator and the contact carry on', async () => {
  await avrilAndKateChat(avril, kate);
  await kateConferencesJim(kate, jim);

  await endAndWrapUp(jim, 'Resolved', 'Helped Kate.');
  await logShows(transcript(kate), "Party 'Jim Miller' has left the session");
  await logShows(contactLog(avril), "Party 'Jim Miller' has left the session");
  await partyIs(kate, 'Jim Miller', 'Ended');
  await windowSays(kate, 'Connected');
  await agentSays(kate, 'Jim has left; I am still here.');
  await logShows(contactLog(avril), 'Jim has left; I am still here.');

  await endAndWrapUp(kate, 'Resolved', 'Wrapped up.');
  await shows(avril.region.getByRole('button', { name: 'Start a new chat' }));
  await Promise.all([goReady(kate), goReady(jim)]);
});
