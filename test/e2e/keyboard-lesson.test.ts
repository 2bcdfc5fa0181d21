// The seed's first lesson played by the agents with the keyboard alone, over the network,
// asserting where focus is after every step: focus never falls to <body> (after Accept it is
// in the new window's composer, after Done on the presence control or the next window).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { eventually, logShows, shows, type Person } from './harness.js';
import { CONTACT, castOfThree, contactLog, contactSays, partyIs, preview, startChat, transcript, windowSays } from './steps.js';

let avril: Person;
let kate: Person;
let jim: Person;

castOfThree({ neverForTheContact: ['Internal: keyboard only.'], onReady: (cast) => ({ avril, kate, jim } = cast) });

/** The element that has focus (through shadow roots) as "role: name", e.g. "textbox: Message". */
const FOCUSED = `(() => {
  let el = document.activeElement;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
  if (!el || el === document.body) return 'body';
  const tag = el.tagName.toLowerCase();
  const role = el.getAttribute('role') || ({ button: 'button', textarea: 'textbox', select: 'combobox', h1: 'heading', h2: 'heading', h3: 'heading', h4: 'heading' })[tag]
    || (tag === 'input' ? (el.type === 'checkbox' ? 'checkbox' : el.getAttribute('role') || 'textbox') : tag);
  const root = el.getRootNode();
  const byId = (id) => (root.getElementById ? root.getElementById(id) : null);
  let name = el.getAttribute('aria-label');
  if (!name && el.getAttribute('aria-labelledby')) name = el.getAttribute('aria-labelledby').split(' ').map((id) => byId(id)?.textContent || '').join(' ');
  if (!name && el.labels && el.labels.length) name = el.labels[0].textContent;
  if (!name) name = el.textContent;
  return role + ': ' + (name || '').replace(/\\s+/g, ' ').trim();
})()`;

async function focused(page: Page): Promise<string> {
  return (await page.evaluate(FOCUSED)) as string;
}

async function focusIs(person: Person, expected: string | RegExp, step: string): Promise<void> {
  let last = '';
  await eventually(`${person.name}: focus on ${String(expected)} after ${step}`, async () => {
    last = await focused(person.page);
    return typeof expected === 'string' ? last === expected : expected.test(last);
  }).catch((error: Error) => {
    throw new Error(`${error.message}; focus is on "${last}"`);
  });
}

/** Presses `key` until focus is on `target` (at most `limit` presses): reachable by keyboard. */
async function pressUntil(person: Person, key: string, target: string | RegExp, limit = 40): Promise<number> {
  for (let n = 1; n <= limit; n++) {
    await person.page.keyboard.press(key);
    const now = await focused(person.page);
    if (typeof target === 'string' ? now === target : target.test(now)) return n;
  }
  throw new Error(`${person.name}: ${limit} × ${key} never reached ${String(target)}`);
}

/** The request reached in one step (the preview's shortcut), then Tab to Accept, then `key`. */
async function acceptByKeyboard(agent: Person, kind: string, key: 'Enter' | 'Space'): Promise<void> {
  await shows(preview(agent, kind as 'New chat'));
  await agent.page.keyboard.press('Alt+Shift+R');
  await focusIs(agent, new RegExp(`^region: .* - ${kind}$`), 'Alt+Shift+R');
  await agent.page.keyboard.press('Tab');
  await focusIs(agent, 'button: Accept', 'Tab from the request');
  await agent.page.keyboard.press(key);
  await focusIs(agent, 'textbox: Message', `${key} on Accept`);
}

async function typeAndSend(agent: Person, text: string): Promise<void> {
  await agent.page.keyboard.type(text);
  await agent.page.keyboard.press('Enter');
  await logShows(transcript(agent), text);
  await focusIs(agent, 'textbox: Message', 'sending');
}

/** From the composer, back to the toolbar, then along it (arrow keys) to `name`. */
async function toTool(agent: Person, name: string): Promise<void> {
  await pressUntil(agent, 'Shift+Tab', /^button: (Instant Chat Conference|Start Consultation|Instant Chat Transfer|End|Done)$/);
  await pressUntil(agent, 'ArrowRight', `button: ${name}`, 6);
}

/** End, the disposition by keyboard (first code, a note, Save), then Done. */
async function endAndWrapUpByKeyboard(agent: Person, note: string): Promise<void> {
  await toTool(agent, 'End');
  await agent.page.keyboard.press('Enter');
  await windowSays(agent, 'Ended');
  await focusIs(agent, 'combobox: Disposition Code', 'End');
  await agent.page.keyboard.press('ArrowDown');
  await agent.page.keyboard.press('Tab');
  await focusIs(agent, 'textbox: Note', 'Tab from the code');
  await agent.page.keyboard.type(note);
  await agent.page.keyboard.press('Tab');
  await focusIs(agent, 'button: Save', 'Tab from the note');
  await agent.page.keyboard.press('Enter');
  await shows(agent.region.getByRole('status').filter({ hasText: 'Saved' }));
  await pressUntil(agent, 'Shift+Tab', 'button: Done');
  await agent.page.keyboard.press('Enter');
  await focusIs(agent, 'combobox: Chat presence', 'Done closed the last window');
  // After-call work counts down to Ready beside the presence box.
  await shows(agent.region.getByText(/^Ready in 0:\d\d$/));
}

test('lesson 1 by keyboard: focus follows every step (Accept → composer, Done → presence)', async () => {
  await startChat(avril);
  await acceptByKeyboard(kate, 'New chat', 'Enter');
  await typeAndSend(kate, 'Hello, how can I help you today?');
  await contactSays(avril, 'I am having an issue making an on line purchase.');
  await logShows(transcript(kate), 'I am having an issue making an on line purchase.');

  // Instant Chat Conference → Team Communicator → Jim → his action menu → Instant Chat Conference.
  await toTool(kate, 'Instant Chat Conference');
  await kate.page.keyboard.press('Enter');
  await focusIs(kate, 'combobox: Type name or number', 'opening the Team Communicator');
  await kate.page.keyboard.type('Jim');
  await kate.page.keyboard.press('ArrowDown');
  await kate.page.keyboard.press('Enter');
  await focusIs(kate, /^menuitem: /, 'Enter on Jim Miller');
  await pressUntil(kate, 'ArrowDown', 'menuitem: Instant Chat Conference', 10);
  await kate.page.keyboard.press('Enter');
  await focusIs(kate, 'button: Instant Chat Conference', 'inviting (back to the toolbar button that opened it)');
  await partyIs(kate, 'Jim Miller', 'Ringing');

  // Jim takes the request with Space.
  await acceptByKeyboard(jim, 'Chat conference request', 'Space');
  await partyIs(kate, 'Jim Miller', 'Connected');
  await typeAndSend(jim, 'Hello, how can I help you today? Jim here.');
  await logShows(contactLog(avril), 'Hello, how can I help you today? Jim here.');

  // Kate ends: the chat moves to Jim; Kate wraps up and is done.
  await endAndWrapUpByKeyboard(kate, 'Handed over to Jim.');
  await windowSays(jim, 'Connected');
  await shows(avril.region.getByRole('status').filter({ hasText: 'Chatting with Jim Miller' }));

  // Jim, the last agent, ends and is done.
  await endAndWrapUpByKeyboard(jim, 'Card issue solved.');
  await shows(avril.region.getByRole('button', { name: 'Start a new chat' }));
  for (const agent of [kate, jim]) {
    const presence = agent.region.getByRole('combobox', { name: 'Chat presence' });
    await presence.selectOption({ label: 'Not Ready' });
    await presence.selectOption({ label: 'Ready' });
    await eventually(`${agent.name} is Ready`, async () => (await presence.inputValue()) === 'ready');
  }
  assert.ok(CONTACT);
});
