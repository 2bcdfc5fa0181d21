// The seed's first lesson as the browsers driven over WebDriver play it (Firefox through
// firefox-harness.ts, WebKit through webkit-harness.ts): one body of steps and checks over the
// person interface both harnesses give (driver-steps.ts), so the browsers are held to the same
// lesson. What only one browser checks, or does differently, is an option named for why.
import assert from 'node:assert/strict';
import { eventually } from './harness.js';
// The contact's steps and the queries, then the agents' steps.
import { CONTACT, SUBJECT, chatWindow, contactLog, contactNeverSaw, contactSays, startChat, toolbar, transcript, within, type DriverPerson, type DriverQuery, type RequestKind } from './driver-steps.js';
import { agentSays, answer, avrilAndKateChat, endAndWrapUp, goReady, inviteFromCommunicator, partyIs, preview, tool, windowSays, wrapUp } from './driver-steps.js';

/** Who plays the lesson: Avril the contact, Kate and Jim the agents. */
export interface LessonCast<P extends DriverPerson> {
  avril: P;
  kate: P;
  jim: P;
}

export const AGENTS_ONLY = 'Checking the card with billing before I loop in Jim.';

/** What lesson 1 writes that Avril must never see (her test file may add more for its other tests). */
export const LESSON_ONE_SECRETS = [AGENTS_ONLY, 'Agents only'] as const;

/** The agent's composer in the chat window: where Accept and sending leave focus. */
const composer = (agent: DriverPerson): DriverQuery => ({ role: 'textbox', name: 'Message', exact: true, within: chatWindow(agent) });

const presence = (agent: DriverPerson): DriverQuery => within(agent, { role: 'combobox', name: 'Chat presence', exact: true });

/**
 * Lesson 1 by mouse: starting an instant chat conference, then End hands the chat to the
 * remaining agent. `neverForTheContact`: what Avril's page must never have shown (at least
 * LESSON_ONE_SECRETS); `inConference`: the browser's own checks of each page while all three
 * are in the conference.
 */
export async function playLessonOne<P extends DriverPerson>(
  { avril, kate, jim }: LessonCast<P>,
  options: { neverForTheContact: readonly string[]; inConference?(someone: P): Promise<void> },
): Promise<void> {
  const { neverForTheContact } = options;
  // Accept by mouse hands focus to the new window's composer.
  await avrilAndKateChat(avril, kate, () => kate.focusIs(composer(kate), 'Accept'));

  // An agents-only note: Jim will get it with the transcript, Avril never.
  const agentsOnly: DriverQuery = { role: 'checkbox', name: 'Agents only', within: chatWindow(kate) };
  await kate.click(agentsOnly);
  await agentSays(kate, AGENTS_ONLY);
  await kate.click(agentsOnly);
  await agentSays(kate, 'Let me contact my associate about that.');
  await avril.waitForText(contactLog(avril), 'Let me contact my associate about that.');
  await contactNeverSaw(avril, neverForTheContact);
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
  if (options.inConference) for (const someone of [avril, kate, jim]) await options.inConference(someone);

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
  await contactNeverSaw(avril, neverForTheContact);

  // Jim, the last agent, ends and is done: the chat is over for Avril too.
  await endAndWrapUp(jim, 'Resolved', 'Card issue solved.');
  await jim.focusIs(presence(jim), 'Done closed the last window');
  await avril.shows(within(avril, { role: 'button', name: 'Start a new chat' }));
  await goReady(kate);
  await goReady(jim);
}

// ---------------------------------------------------------------------------
// Lesson 1 by keyboard: the agents use the keyboard alone, and focus is checked at every step
// (the same steps and checks as keyboard-lesson.test.ts in Chromium). Names are whole names.

/** The request reached in one step (the preview's shortcut), then Tab to Accept, then `key`. */
async function acceptByKeyboard(agent: DriverPerson, kind: RequestKind, key: 'Enter' | 'Space'): Promise<void> {
  const request = preview(agent, kind);
  await agent.shows(request);
  await agent.keyboardPress('Alt+Shift+R');
  await agent.focusIs(request, 'Alt+Shift+R');
  await agent.keyboardPress('Tab');
  await agent.focusIs({ role: 'button', name: 'Accept', exact: true, within: request }, 'Tab from the request');
  await agent.keyboardPress(key);
  await agent.focusIs(composer(agent), `${key} on Accept`);
}

async function typeAndSend(agent: DriverPerson, text: string): Promise<void> {
  await agent.keyboardType(text);
  await agent.keyboardPress('Enter');
  await agent.waitForText(transcript(agent), text);
  await agent.focusIs(composer(agent), 'sending');
}

export interface KeyboardLessonOptions {
  /**
   * Whether Shift+Tab from the toolbar goes round the page and back to it (WebKit's
   * MiniBrowser), so the way back is pressed even from the toolbar; in Firefox it would leave
   * the page for Firefox's own controls, where the page loses focus, so an agent already on the
   * toolbar stays there.
   */
  shiftTabStaysInThePage: boolean;
}

/** Back to the toolbar (Shift+Tab), then along it (arrow keys) to `name`. */
async function toTool(agent: DriverPerson, name: string, options: KeyboardLessonOptions): Promise<void> {
  const onToolbar: DriverQuery = { role: 'button', within: toolbar(agent) };
  if (options.shiftTabStaysInThePage || !(await agent.hasFocus(onToolbar))) await agent.pressUntil('Shift+Tab', onToolbar);
  await agent.pressUntil('ArrowRight', { role: 'button', name, exact: true, within: toolbar(agent) }, 6);
}

/** End, the disposition by keyboard (first code, a note, Save), then Done. */
async function endAndWrapUpByKeyboard(agent: DriverPerson, note: string, options: KeyboardLessonOptions): Promise<void> {
  const window = chatWindow(agent);
  await toTool(agent, 'End', options);
  await agent.keyboardPress('Enter');
  await windowSays(agent, 'Ended');
  await agent.focusIs({ role: 'combobox', name: 'Disposition Code', exact: true, within: window }, 'End');
  await agent.keyboardPress('ArrowDown');
  await agent.keyboardPress('Tab');
  await agent.focusIs({ role: 'textbox', name: 'Note', exact: true, within: window }, 'Tab from the code');
  await agent.keyboardType(note);
  await agent.keyboardPress('Tab');
  await agent.focusIs({ role: 'button', name: 'Save', exact: true, within: window }, 'Tab from the note');
  await agent.keyboardPress('Enter');
  await agent.shows({ role: 'status', hasText: 'Saved', within: window });
  await agent.pressUntil('Shift+Tab', { role: 'button', name: 'Done', exact: true, within: toolbar(agent) });
  await agent.keyboardPress('Enter');
  await agent.focusIs(presence(agent), 'Done closed the last window');
  // After-call work counts down to Ready beside the presence box.
  await eventually(`${agent.name}: "Ready in 0:…"`, async () => /Ready in 0:\d\d/.test(await agent.text(agent.region)));
}

/** Lesson 1 by keyboard: focus follows every step (Accept → composer, Done → presence). */
export async function playKeyboardLessonOne<P extends DriverPerson>({ avril, kate, jim }: LessonCast<P>, options: KeyboardLessonOptions): Promise<void> {
  await startChat(avril);
  await acceptByKeyboard(kate, 'New chat', 'Enter');
  await typeAndSend(kate, 'Hello, how can I help you today?');
  await contactSays(avril, 'I am having an issue making an on line purchase.');
  await kate.waitForText(transcript(kate), 'I am having an issue making an on line purchase.');

  // Instant Chat Conference → Team Communicator → Jim → his action menu → Instant Chat Conference.
  await toTool(kate, 'Instant Chat Conference', options);
  await kate.keyboardPress('Enter');
  const communicator: DriverQuery = { role: 'dialog', name: 'Team Communicator', within: chatWindow(kate) };
  await kate.focusIs({ role: 'combobox', name: 'Type name or number', exact: true, within: communicator }, 'opening the Team Communicator');
  await kate.keyboardType('Jim');
  await kate.keyboardPress('ArrowDown');
  await kate.keyboardPress('Enter');
  const actions: DriverQuery = { role: 'menu', name: 'Actions for Jim Miller', within: communicator };
  await kate.focusIs({ role: 'menuitem', within: actions }, 'Enter on Jim Miller');
  await kate.pressUntil('ArrowDown', { role: 'menuitem', name: 'Instant Chat Conference', exact: true, within: actions }, 10);
  await kate.keyboardPress('Enter');
  await kate.focusIs({ role: 'button', name: 'Instant Chat Conference', exact: true, within: toolbar(kate) }, 'inviting (back to the toolbar button that opened it)');
  await partyIs(kate, 'Jim Miller', 'Ringing');

  // Jim takes the request with Space.
  await acceptByKeyboard(jim, 'Chat conference request', 'Space');
  await partyIs(kate, 'Jim Miller', 'Connected');
  await typeAndSend(jim, 'Hello, how can I help you today? Jim here.');
  await avril.waitForText(contactLog(avril), 'Hello, how can I help you today? Jim here.');

  // Kate ends: the chat moves to Jim; Kate wraps up and is done.
  await endAndWrapUpByKeyboard(kate, 'Handed over to Jim.', options);
  await windowSays(jim, 'Connected');
  await avril.shows(within(avril, { role: 'status', hasText: 'Chatting with Jim Miller' }));

  // Jim, the last agent, ends and is done.
  await endAndWrapUpByKeyboard(jim, 'Card issue solved.', options);
  await avril.shows(within(avril, { role: 'button', name: 'Start a new chat' }));
  await avril.waitForText(contactLog(avril), `Party 'Jim Miller' has left the session`);
  await goReady(kate);
  await goReady(jim);
}
