import type { DirectoryEntry } from '../../../src/engine/types.js';

/**
 * `agents` agents (`agent-N`, Ready for chat), each with a queue of their own (`queue-N`, so
 * a chat started on it has a known agent), and `contacts` contacts (`contact-N`): the
 * directory of the hub workloads in tests and benchmarks.
 */
export function queueDirectory(agents: number, contacts: number, chatCapacity = 50): DirectoryEntry[] {
  const directory: DirectoryEntry[] = [];
  for (let a = 0; a < agents; a++) {
    directory.push({ kind: 'agent', id: `agent-${a}`, name: `Agent ${a}`, presence: { chat: 'ready', voice: 'offline', email: 'offline' }, chatCapacity });
    directory.push({ kind: 'queue', id: `queue-${a}`, name: `Queue ${a}`, members: [`agent-${a}`] });
  }
  for (let c = 0; c < contacts; c++) directory.push({ kind: 'contact', id: `contact-${c}`, name: `Contact ${c}` });
  return directory;
}
