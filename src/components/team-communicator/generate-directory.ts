import type { AgentEntry, InternalTarget, PresenceState, RoutingTargetEntry } from '../../engine/types.js';
import { mulberry32 } from '../../shared/prng.js';

/*
 * A deterministic large directory for stories, tests and the search benchmark: the same
 * size and seed always give the same targets, so results can be asserted and timings
 * compared between runs.
 */

const FIRST = ['Jim', 'Kate', 'Avril', 'Élodie', 'Jürgen', 'Søren', 'Zoë', 'Mateo', 'Aisha', 'Chen', 'Olga', 'Ravi', 'Nadia', 'Tomás', 'Ingrid', 'Kwame', 'Lucía', 'Hiroshi', 'Fatima', 'Björn'];
const LAST = ['Miller', 'Lewis', 'Mai', 'Dubois', 'Müller', 'Ørsted', 'García', 'Nakamura', 'Okafor', 'Kowalski', 'Haddad', 'Novak', 'Fernández', 'Lindqvist', 'Mensah', 'Rossi', 'Petrov', 'Singh', 'Moreau', 'Łukasik'];
const TEAMS = ['Billing', 'Sales', 'Support', 'Returns', 'Premium', 'Claims', 'Onboarding', 'Escalations'];
const PRESENCES: PresenceState[] = ['ready', 'ready', 'not-ready', 'after-call-work', 'offline'];

/**
 * `size` internal targets: about one in twenty a queue or routing point, the rest agents
 * with names drawn from a fixed list plus a serial (so names stay unique), each with a
 * distinct number counting up from 100000.
 */
export function generateDirectory(size: number, seed = 1): InternalTarget[] {
  if (!Number.isInteger(size) || size < 0) throw new TypeError('generateDirectory: size must be a whole number, 0 or more.');
  const next = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const targets: InternalTarget[] = [];
  for (let i = 0; i < size; i++) {
    const number = String(100000 + i);
    if (i % 20 === 19) {
      const kind = i % 40 === 39 ? 'routing-point' : 'queue';
      const entry: RoutingTargetEntry = {
        kind,
        id: `gen-${kind}-${i}`,
        name: `${pick(TEAMS)} ${kind === 'queue' ? 'Queue' : 'Routing Point'} ${i}`,
        number,
        members: [],
      };
      targets.push(entry);
      continue;
    }
    const chat = pick(PRESENCES);
    const agent: AgentEntry = {
      kind: 'agent',
      id: `gen-agent-${i}`,
      name: `${pick(FIRST)} ${pick(LAST)} ${i}`,
      number,
      presence: { chat, voice: chat === 'offline' ? 'offline' : pick(PRESENCES), email: 'ready' },
      chatCapacity: 3,
    };
    targets.push(agent);
  }
  return targets;
}
