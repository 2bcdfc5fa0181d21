// The seed's first lesson played by the agents with the keyboard alone, in Firefox: the same
// steps and focus checks as keyboard-lesson.test.ts (Chromium), with the control that must
// have focus found by Firefox's own role and accessible name. Keys go to whatever has focus,
// as a person's would.
import { test } from 'node:test';
import { eventually } from './harness.js';
import type { FirefoxPerson, Query } from './firefox-harness.js';
import {
  chatWindow,
  contactLog,
  contactSays,
  firefoxCastOfThree,
  goReady,
  partyIs,
  preview,
  startChat,
  toolbar,
  transcript,
  windowSays,
  within,
  type RequestKind,
} from './firefox-steps.js';

let avril: FirefoxPerson;
let kate: FirefoxPerson;
let jim: FirefoxPerson;

firefoxCastOfThree({ neverForTheContact: ['Internal: keyboard only.'], onReady: (cast) => ({ avril, kate, jim } = cast) });

const composer = (agent: FirefoxPerson): Query => ({ role: 'textbox', name: 'Message', within: chatWindow(agent) });

/** The request reached in one step (the preview's shortcut), then Tab to Accept, then `key`. */
async function acceptByKeyboard(agent: FirefoxPerson, kind: RequestKind, key: 'Enter' | 'Space'): Promise<void> {
  const request = preview(agent, kind);
  await agent.shows(request);
  await agent.keyboardPress('Alt+Shift+R');
  await agent.focusIs(request, 'Alt+Shift+R');
  await agent.keyboardPress('Tab');
  await agent.focusIs({ role: 'button', name: 'Accept', within: request }, 'Tab from the request');
  await agent.keyboardPress(key);
  await agent.focusIs(composer(agent), `${key} on Accept`);
}

async function typeAndSend(agent: FirefoxPerson, text: string): Promise<void> {
  await agent.keyboardType(text);
  await agent.keyboardPress('Enter');
  await agent.waitForText(transcript(agent), text);
  await agent.focusIs(composer(agent), 'sending');
}

/**
 * Back to the toolbar (unless focus is on it already), then along it (arrow keys) to `name`.
 * Shift+Tab from the toolbar would leave the page for Firefox's own controls, where the page
 * loses focus, before it came round to the toolbar again.
 */
async function toTool(agent: FirefoxPerson, name: string): Promise<void> {
  const onToolbar: Query = { role: 'button', within: toolbar(agent) };
  if (!(await agent.hasFocus(onToolbar))) await agent.pressUntil('Shift+Tab', onToolbar);
  await agent.pressUntil('ArrowRight', { role: 'button', name, within: toolbar(agent) }, 6);
}

/** End, the disposition by keyboard (first code, a note, Save), then Done. */
async function endAndWrapUpByKeyboard(agent: FirefoxPerson, note: string): Promise<void> {
  const window = chatWindow(agent);
  await toTool(agent, 'End');
  await agent.keyboardPress('Enter');
  await windowSays(agent, 'Ended');
  await agent.focusIs({ role: 'combobox', name: 'Disposition Code', within: window }, 'End');
  await agent.keyboardPress('ArrowDown');
  await agent.keyboardPress('Tab');
  await agent.focusIs({ role: 'textbox', name: 'Note', within: window }, 'Tab from the code');
  await agent.keyboardType(note);
  await agent.keyboardPress('Tab');
  await agent.focusIs({ role: 'button', name: 'Save', within: window }, 'Tab from the note');
  await agent.keyboardPress('Enter');
  await agent.shows({ role: 'status', hasText: 'Saved', within: window });
  await agent.pressUntil('Shift+Tab', { role: 'button', name: 'Done', within: toolbar(agent) });
  await agent.keyboardPress('Enter');
  await agent.focusIs(within(agent, { role: 'combobox', name: 'Chat presence' }), 'Done closed the last window');
  // After-call work counts down to Ready beside the presence box.
  await eventually(`${agent.name}: "Ready in 0:…"`, async () => /Ready in 0:\d\d/.test(await agent.text(agent.region)));
}

test('lesson 1 by keyboard in Firefox: focus follows every step (Accept → composer, Done → presence)', async () => {
  await startChat(avril);
  await acceptByKeyboard(kate, 'New chat', 'Enter');
  await typeAndSend(kate, 'Hello, how can I help you today?');
  await contactSays(avril, 'I am having an issue making an on line purchase.');
  await kate.waitForText(transcript(kate), 'I am having an issue making an on line purchase.');

  // Instant Chat Conference → Team Communicator → Jim → his action menu → Instant Chat Conference.
  await toTool(kate, 'Instant Chat Conference');
  await kate.keyboardPress('Enter');
  const communicator: Query = { role: 'dialog', name: 'Team Communicator', within: chatWindow(kate) };
  await kate.focusIs({ role: 'combobox', name: 'Type name or number', within: communicator }, 'opening the Team Communicator');
  await kate.keyboardType('Jim');
  await kate.keyboardPress('ArrowDown');
  await kate.keyboardPress('Enter');
  const actions: Query = { role: 'menu', name: 'Actions for Jim Miller', within: communicator };
  await kate.focusIs({ role: 'menuitem', within: actions }, 'Enter on Jim Miller');
  await kate.pressUntil('ArrowDown', { role: 'menuitem', name: 'Instant Chat Conference', within: actions }, 10);
  await kate.keyboardPress('Enter');
  await kate.focusIs({ role: 'button', name: 'Instant Chat Conference', within: toolbar(kate) }, 'inviting (back to the toolbar button that opened it)');
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
  await avril.waitForText(contactLog(avril), `Party 'Jim Miller' has left the session`);
  await goReady(kate);
  await goReady(jim);
});
