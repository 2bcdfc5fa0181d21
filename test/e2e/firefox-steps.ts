// What the people of the seed lessons do, in Firefox: the steps of driver-steps.ts, through
// firefox-harness.ts (controls found by Firefox's own role and accessible name, whole names).
import { castOfThree, type Cast } from './driver-steps.js';
import { FirefoxPerson } from './firefox-harness.js';

export * from './driver-steps.js';

export type FirefoxCast = Cast<FirefoxPerson>;

/** Avril, Kate and Jim each in their own Firefox (see castOfThree). */
export function firefoxCastOfThree(options: { neverForTheContact: readonly string[]; onReady(cast: FirefoxCast): void }): void {
  castOfThree((base, userId, name) => FirefoxPerson.signIn(base, userId, name), options);
}

