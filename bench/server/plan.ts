import type { AgentEntry, DirectoryEntry } from '../../src/engine/types.js';

/** One three-party session of the benchmark: a contact and the two agents it ends up with. */
export interface SessionPlan {
  index: number;
  contact: string;
  /** Takes the chat from the contact's queue. */
  first: string;
  /** Conferenced in by `first`. */
  second: string;
  /** A queue whose only member is `first`, so routing each chat costs one look-up. */
  queue: string;
}

/** A participant as the load generator sees it. */
export interface ParticipantPlan {
  userId: string;
  name: string;
  role: 'agent' | 'contact';
  token: string;
  session: number;
}

export interface BenchPlan {
  sessions: SessionPlan[];
  directory: DirectoryEntry[];
}

const pad = (i: number) => String(i + 1).padStart(5, '0');

/**
 * `count` contacts and `2 × count` agents, all Ready for chat with capacity 1, and one queue
 * per contact. The seeded directory has only a handful of agents; with one shared queue the
 * engine would scan every busy member before it found a free one, which measures routing of
 * a thousand simultaneous arrivals rather than message delivery.
 */
export function benchPlan(count: number): BenchPlan {
  const sessions: SessionPlan[] = [];
  const agents: AgentEntry[] = [];
  const directory: DirectoryEntry[] = [];
  for (let i = 0; i < count; i++) {
    const n = pad(i);
    const plan: SessionPlan = { index: i, contact: `contact-${n}`, first: `agent-${n}a`, second: `agent-${n}b`, queue: `q-bench-${n}` };
    sessions.push(plan);
    for (const [id, name] of [
      [plan.first, `Agent ${n} A`],
      [plan.second, `Agent ${n} B`],
    ] as const) {
      agents.push({ kind: 'agent', id, name, presence: { chat: 'ready', voice: 'not-ready', email: 'not-ready' }, chatCapacity: 1 });
    }
  }
  directory.push(...agents);
  for (const s of sessions) directory.push({ kind: 'queue', id: s.queue, name: `Bench Queue ${s.index + 1}`, members: [s.first] });
  for (const s of sessions) directory.push({ kind: 'contact', id: s.contact, name: `Contact ${pad(s.index)}` });
  return { sessions, directory };
}

export function nameOf(directory: DirectoryEntry[]): Map<string, string> {
  return new Map(directory.map((entry) => [entry.id, entry.name]));
}

/** Each participant's role: the contact's, and the two agents'. */
export function roleOf(sessions: readonly SessionPlan[]): Map<string, 'agent' | 'contact'> {
  return new Map(sessions.flatMap((s) => [[s.contact, 'contact'] as const, [s.first, 'agent'] as const, [s.second, 'agent'] as const]));
}
