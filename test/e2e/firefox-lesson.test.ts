// The seed's first lesson in Firefox (Gecko): the real chat server and demo pages, the
// contact Avril Mai and the agents Kate Lewis and Jim Miller each in their own headless
// firefox-esr, every control found by Firefox's own role and accessible name
// (firefox-harness.ts). The lesson itself is lesson-one.ts, played the same in WebKit
// (webkit-lesson.test.ts); the same lesson runs in Chromium (seed-lessons.test.ts). This
// checks what Gecko could break: accessible names and roles, events across shadow roots,
// focus, the WebSocket transport.
import { test } from 'node:test';
import type { FirefoxCast } from './firefox-steps.js';
import { firefoxCastOfThree } from './firefox-steps.js';
import { LESSON_ONE_SECRETS, playLessonOne } from './lesson-one.js';

let cast: FirefoxCast;

firefoxCastOfThree({ neverForTheContact: LESSON_ONE_SECRETS, onReady: (ready) => (cast = ready) });

test('lesson 1 in Firefox: starting an instant chat conference, then End hands the chat to the remaining agent', async () => {
  await playLessonOne(cast, { neverForTheContact: LESSON_ONE_SECRETS });
});
