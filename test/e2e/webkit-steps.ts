// What the people of the seed lessons do, in WebKit: the steps of driver-steps.ts, through
// webkit-harness.ts (controls found by WebKit's own role and accessible name).
import { castOfThree, type Cast } from './driver-steps.js';
import { WebKitPerson } from './webkit-harness.js';

export * from './driver-steps.js';

export type WebKitCast = Cast<WebKitPerson>;

/** Avril, Kate and Jim each in their own WebKit (see castOfThree). */
export function webkitCastOfThree(options: { neverForTheContact: readonly string[]; onReady(cast: WebKitCast): void }): void {
  castOfThree((base, userId, name) => WebKitPerson.signIn(base, userId, name), options);
}
