/**
 * The memory transport: the chat engine in the same page behind the `Transport`
 * interface, with a simulated contact center (seeded directory, scripted contacts,
 * simulated agents, virtual time). The embedded default for the demo, Storybook and tests.
 */
import type { CommandResult } from '../../engine/types.js';
import type { MemoryContactCenter } from './contact-center.js';
import { SEED_CHAT } from '../../seed/directory.js';

export { createMemoryContactCenter } from './contact-center.js';
export type {
  MemoryContactCenter,
  MemoryContactCenterOptions,
  ScriptedContact,
  SimulatedAgentOptions,
} from './contact-center.js';
export { SEED_CHAT, seedDirectory, generatedDirectory } from '../../seed/directory.js';

/** Avril Mai starts the seed lessons' chat ("Help with on line purchase"), as herself. */
export function startSeedChat(center: MemoryContactCenter): Promise<CommandResult> {
  return center.contact(SEED_CHAT.contactId).start(SEED_CHAT.subject, { ...SEED_CHAT.caseData });
}
