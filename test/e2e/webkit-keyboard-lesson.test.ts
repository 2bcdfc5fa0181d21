// The seed's first lesson played by the agents with the keyboard alone, in WebKit: the same
// steps and focus checks as keyboard-lesson.test.ts (Chromium), with focus named by WebKit's
// own computed role and label. Keys go to whatever has focus, as a person's would.
import { test } from 'node:test';
import { eventually } from './harness.js';
import type { WebKitPerson } from './webkit-harness.js';
import { contactLog, contactSays, goReady, partyIs, preview, startChat, transcript, webkitCastOfThree, windowSays, within, type RequestKind } from './webkit-steps.js';

let avril: WebKitPerson;
let kate: WebKitPerson;
let jim: WebKitPerson;

webkitCastOfThree({ neverForTheContact: ['Internal: keyboard only.'], onReady: (cast) => ({ avril, kate, jim } = cast) });

/** The request reached in one step (the preview's shortcut), then Tab to Accept, then `key`. */
async function acceptByKeyboard(agent: WebKitPerson, kind: RequestKind, key: 'Enter' | 'Space'): Promise<void> {
  await agent.shows(preview(agent, kind));
  await agent.keyboardPress('Alt+Shift+R');
  await agent.focusIs(new RegExp(`^region: .* - ${kind}$`), 'Alt+Shift+R');
  await agent.keyboardPress('Tab');
  await agent.focusIs('button: Accept', 'Tab from the request');
  await agent.keyboardPress(key);
  await agent.focusIs('textbox: Message', `${key} on Accept`);
}

async function typeAndSend(agent: WebKitPerson, text: string): Promise<void> {
  await agent.keyboardType(text);
  await agent.keyboardPress('Enter');
  await agent.waitForText(transcript(agent), text);
  await agent.focusIs('textbox: Message', 'sending');
}

/** From the composer, back to the toolbar, then along it (arrow keys) to `name`. */
async function toTool(agent: WebKitPerson, name: string): Promise<void> {
  await agent.pressUntil('Shift+Tab', /^button: (Instant Chat Conference|Start Consultation|Instant Chat Transfer|End|Done)$/);
  await agent.pressUntil('ArrowRight', `button: ${name}`, 6);
}

/** End, the disposition by keyboard (first code, a note, Save), then Done. */
async function endAndWrapUpByKeyboard(agent: WebKitPerson, note: string): Promise<void> {
  await toTool(agent, 'End');
  await agent.keyboardPress('Enter');
  await windowSays(agent, 'Ended');
  await agent.focusIs('combobox: Disposition Code', 'End');
  await agent.keyboardPress('ArrowDown');
  await agent.keyboardPress('Tab');
  await agent.focusIs('textbox: Note', 'Tab from the code');
  await agent.keyboardType(note);
  await agent.keyboardPress('Tab');
  await agent.focusIs('button: Save', 'Tab from the note');
  await agent.keyboardPress('Enter');
  await agent.shows(within(agent, { role: 'status', hasText: 'Saved' }));
  await agent.pressUntil('Shift+Tab', 'button: Done');
  await agent.keyboardPress('Enter');
  await agent.focusIs('combobox: Chat presence', 'Done closed the last window');
  // After-call work counts down to Ready beside the presence box.
  await eventually(`${agent.name}: "Ready in 0:…"`, async () => /Ready in 0:\d\d/.test(await agent.text(agent.region)));
}

test('lesson 1 by keyboard in WebKit: focus follows every step (Accept → composer, Done → presence)', async () => {
  await startChat(avril);
  await acceptByKeyboard(kate, 'New chat', 'Enter');
  await typeAndSend(kate, 'Hello, how can I help you today?');
  await contactSays(avril, 'I am having an issue making an on line purchase.');
  await kate.waitForText(transcript(kate), 'I am having an issue making an on line purchase.');

  // Instant Chat Conference → Team Communicator → Jim → his action menu → Instant Chat Conference.
  await toTool(kate, 'Instant Chat Conference');
  await kate.keyboardPress('Enter');
  await kate.focusIs('combobox: Type name or number', 'opening the Team Communicator');
  await kate.keyboardType('Jim');
  await kate.keyboardPress('ArrowDown');
  await kate.keyboardPress('Enter');
  await kate.focusIs(/^menuitem: /, 'Enter on Jim Miller');
  await kate.pressUntil('ArrowDown', 'menuitem: Instant Chat Conference', 10);
  await kate.keyboardPress('Enter');
  await kate.focusIs('button: Instant Chat Conference', 'inviting (back to the toolbar button that opened it)');
  await partyIs(kate, 'Jim Miller', 'Ringing');

  // Jim takes the request with Space.
  await acceptByKeyboard(jim, 'Chat conference request', 'Space');
  await partyIs(kate, 'Jim Miller', 'Connected');
  await typeAndSend(jim, 'Hello, how can I help you today? Jim here.');
  await avril.waitForText(contactLog(avril), 'Hello, how can I help you today? Jim here.');

  // Kate ends: the chat moves to Jim; Kate wraps up and is done.
  await endAndWrapUpByKeyboard(kate, 'Handed over to Jim.');
  await windowSays(jim, 'Connected');
  await avril.shows(within(avril, { role: 'status', hasText: 'Chatting with Jim Miller' }));

  // Jim, the last agent, ends and is done.
  await endAndWrapUpByKeyboard(jim, 'Card issue solved.');
  await avril.shows(within(avril, { role: 'button', name: 'Start a new chat' }));
  await goReady(kate);
  await goReady(jim);
});
