import type { AgentEntry, Channel, DirectoryEntry, PresenceState, RoutingTargetEntry } from '../engine/types.js';

function agent(
  id: string,
  name: string,
  number: string,
  chat: PresenceState,
  voice: PresenceState = chat,
  email: PresenceState = 'not-ready',
): AgentEntry {
  return { kind: 'agent', id, name, number, presence: { chat, voice, email }, chatCapacity: 3 };
}

/**
 * The contact center of the seed lessons: Kate Lewis and Jim Miller (both Ready on chat),
 * further agents in every presence, queues and routing points, and the contact Avril Mai.
 * Kate is first in "Chat Support", so a chat routed there reaches her while she is Ready.
 */
export function seedDirectory(): DirectoryEntry[] {
  return [
    agent('kate', 'Kate Lewis', '1001', 'ready'),
    agent('jim', 'Jim Miller', '1002', 'ready'),
    agent('maria', 'Maria Garcia', '1003', 'ready', 'not-ready', 'ready'),
    agent('omar', 'Omar Haddad', '1004', 'not-ready', 'ready'),
    agent('li', 'Li Wei', '1005', 'after-call-work', 'ready'),
    agent('sam', 'Sam Taylor', '1006', 'offline', 'offline', 'offline'),
    { kind: 'queue', id: 'q-support', name: 'Chat Support', number: '6001', members: ['kate', 'jim', 'maria'] },
    { kind: 'queue', id: 'q-billing', name: 'Billing', number: '6002', members: ['maria', 'omar', 'li'] },
    { kind: 'queue', id: 'q-escalations', name: 'Escalations', number: '6003', members: ['sam'] },
    { kind: 'routing-point', id: 'rp-sales', name: 'Sales Routing Point', number: '5001', members: ['maria', 'jim'] },
    { kind: 'routing-point', id: 'rp-support', name: 'Support Routing Point', number: '5002', members: ['kate', 'jim', 'maria'] },
    { kind: 'contact', id: 'avril', name: 'Avril Mai' },
    { kind: 'contact', id: 'noah', name: 'Noah Brown' },
    { kind: 'contact', id: 'ines', name: 'Inès Dubois' },
  ];
}

/** The chat Avril Mai starts in the seed lessons. */
export const SEED_CHAT = {
  contactId: 'avril',
  subject: 'Help with on line purchase',
  caseData: { Order: '000205', Channel: 'Web' } as Record<string, string>,
} as const;

const PRESENCE_CYCLE: PresenceState[] = ['ready', 'ready', 'not-ready', 'ready', 'after-call-work', 'offline', 'not-ready'];
const CHANNELS: Channel[] = ['chat', 'voice', 'email'];

/**
 * `count` generated agents ("Agent 00001", …) with presences that vary per channel, plus a
 * few queues and routing points over them, for exercising large directories. Linear in
 * `count` and allocation-light, so 50,000 agents build in milliseconds.
 */
export function generatedDirectory(count: number): DirectoryEntry[] {
  const width = Math.max(5, String(count).length);
  const entries: DirectoryEntry[] = [];
  const ids: string[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const n = String(i + 1).padStart(width, '0');
    const id = `agent-${n}`;
    ids[i] = id;
    const presence = {} as Record<Channel, PresenceState>;
    CHANNELS.forEach((channel, c) => {
      presence[channel] = PRESENCE_CYCLE[(i + c * 3) % PRESENCE_CYCLE.length]!;
    });
    entries.push({ kind: 'agent', id, name: `Agent ${n}`, number: String(20000 + i + 1), presence, chatCapacity: 1 + (i % 4) });
  }
  if (count === 0) return entries;
  const groups = Math.min(6, count);
  const size = Math.ceil(count / groups);
  const targets: RoutingTargetEntry[] = [];
  for (let g = 0; g < groups; g++) {
    const members = ids.slice(g * size, (g + 1) * size);
    targets.push({ kind: 'queue', id: `q-generated-${g + 1}`, name: `Generated Queue ${g + 1}`, number: String(7000 + g + 1), members });
    if (g < 3) {
      targets.push({
        kind: 'routing-point',
        id: `rp-generated-${g + 1}`,
        name: `Generated Routing Point ${g + 1}`,
        number: String(8000 + g + 1),
        members,
      });
    }
  }
  return [...entries, ...targets];
}
