// The seed's first lesson played by the agents with the keyboard alone, in Firefox: the steps
// and focus checks of lesson-one.ts (as keyboard-lesson.test.ts in Chromium), with the control
// that must have focus found by Firefox's own role and accessible name. Keys go to whatever
// has focus, as a person's would.
import { test } from 'node:test';
import { firefoxCastOfThree, type FirefoxCast } from './firefox-steps.js';
import { playKeyboardLessonOne } from './lesson-one.js';

let cast: FirefoxCast;

firefoxCastOfThree({ neverForTheContact: ['Internal: keyboard only.'], onReady: (ready) => (cast = ready) });

test('lesson 1 by keyboard in Firefox: focus follows every step (Accept → composer, Done → presence)', async () => {
  // Shift+Tab from the toolbar would leave the page for Firefox's own controls.
  await playKeyboardLessonOne(cast, { shiftTabStaysInThePage: false });
});
