// The seed's first lesson played by the agents with the keyboard alone, in WebKit: the steps
// and focus checks of lesson-one.ts (as keyboard-lesson.test.ts in Chromium), with the control
// that must have focus found by WebKit's own computed role and label. Keys go to whatever has
// focus, as a person's would.
import { test } from 'node:test';
import { playKeyboardLessonOne } from './lesson-one.js';
import { webkitCastOfThree, type WebKitCast } from './webkit-steps.js';

let cast: WebKitCast;

webkitCastOfThree({ neverForTheContact: ['Internal: keyboard only.'], onReady: (ready) => (cast = ready) });

test('lesson 1 by keyboard in WebKit: focus follows every step (Accept → composer, Done → presence)', async () => {
  // WebKit's MiniBrowser keeps Shift+Tab in the page: the way back to the toolbar goes round it.
  await playKeyboardLessonOne(cast, { shiftTabStaysInThePage: true });
});
