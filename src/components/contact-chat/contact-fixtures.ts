import { FIXTURE_SESSION_ID, FIXTURE_T0, fixtureState, fixtureUser } from '../../store/testing.js';
import type { WorkspaceState } from '../../store/types.js';

/*
 * The contact Avril Mai's view in each state of `<contact-chat>`, for its tests and
 * stories. Built from the store's fixtures (already cut down to what a contact may see).
 */

export type ContactScenario = 'start' | 'waiting' | 'connected' | 'conference' | 'typing' | 'ended' | 'reconnecting' | 'failed';

export const CONTACT_SCENARIOS: readonly ContactScenario[] = ['start', 'waiting', 'connected', 'conference', 'typing', 'ended', 'reconnecting', 'failed'];

export function contactState(name: ContactScenario): WorkspaceState {
  const viewer = { viewer: 'avril' } as const;
  switch (name) {
    case 'start':
      return { ...fixtureState('connected', viewer), sessions: {} };
    case 'waiting': {
      const state = fixtureState('connected', viewer);
      const session = state.sessions[FIXTURE_SESSION_ID]!;
      // Nobody has accepted yet: no owner, the contact alone, only the waiting notice.
      const { ownerId: _owner, ...rest } = session;
      const waiting = {
        ...rest,
        state: 'waiting' as const,
        parties: session.parties.filter((p) => p.role === 'contact'),
        transcript: session.transcript.filter((e) => e.kind === 'notice' && e.notice === 'waiting'),
      };
      return { ...state, sessions: { [FIXTURE_SESSION_ID]: waiting } };
    }
    case 'connected':
      return fixtureState('connected', viewer);
    case 'conference':
      return fixtureState('two-agent-conference', viewer);
    case 'typing':
      return { ...fixtureState('connected', viewer), typing: { [FIXTURE_SESSION_ID]: [fixtureUser('kate')] } };
    case 'ended':
      return fixtureState('ended-with-disposition', viewer);
    case 'reconnecting':
      return { ...fixtureState('connected', viewer), connection: { status: 'reconnecting', reason: 'The connection was lost; trying again.' } };
    case 'failed':
      return { ...fixtureState('connected', viewer), connection: { status: 'failed', reason: 'Your sign-in has expired. Reload the page to sign in again.' } };
    default:
      throw new TypeError(`Unknown contact scenario "${String(name)}"; use one of ${CONTACT_SCENARIOS.join(', ')}.`);
  }
}

export { FIXTURE_SESSION_ID, FIXTURE_T0 };
