import { createMemoryContactCenter, startSeedChat, SEED_CHAT, type MemoryContactCenter } from '../src/transport/memory/index.js';
import { createWorkspaceStore } from '../src/store/index.js';
import type { WorkspaceStore } from '../src/store/types.js';
import type { Command, CommandResult, InvitationView } from '../src/engine/types.js';

/**
 * The people of the seed lessons, each with a store of their own on one in-page contact
 * center (memory transport), as three browsers on one server would be.
 */
export interface SeedWorld {
  readonly center: MemoryContactCenter;
  readonly kate: WorkspaceStore;
  readonly jim: WorkspaceStore;
  readonly avril: WorkspaceStore;
  /** What the lesson's steps learn as they go and later steps act on. */
  readonly ids: { interaction?: string; consultation?: string };
}

export const PEOPLE = {
  kate: 'Kate Lewis',
  jim: 'Jim Miller',
  avril: 'Avril Mai',
} as const;

/**
 * A virtual clock started at the real time: nothing times out on its own while a designer
 * reads a step, and `catchUp` moves it to the wall clock before each step so the
 * transcript's times and the previews' countdowns read as real ones.
 */
export async function createSeedWorld(): Promise<SeedWorld> {
  const center = createMemoryContactCenter({ clock: 'virtual', startTime: Date.now() });
  const store = (id: string) => createWorkspaceStore({ transport: center.transport(), user: { id } });
  const world: SeedWorld = { center, kate: store('kate'), jim: store('jim'), avril: store('avril'), ids: {} };
  await Promise.all([world.kate.connect(), world.jim.connect(), world.avril.connect()]);
  await center.settle();
  return world;
}

export function disposeSeedWorld(world: SeedWorld): void {
  world.kate.destroy();
  world.jim.destroy();
  world.avril.destroy();
  world.center.dispose();
}

export async function catchUp(world: SeedWorld): Promise<void> {
  const behind = Date.now() - world.center.now();
  if (behind > 0) await world.center.advance(behind);
}

/** A step whose command is refused stops the lesson with the engine's own reason. */
export class LessonStepError extends Error {
  constructor(command: Command, result: Extract<CommandResult, { ok: false }>) {
    super(`"${command.type}" was refused: ${result.error.message}`);
    this.name = 'LessonStepError';
  }
}

/** Dispatches as the store's user and waits until every store has heard the outcome. */
export async function act(world: SeedWorld, store: WorkspaceStore, command: Command): Promise<CommandResult & { ok: true }> {
  const result = await store.dispatch(command);
  if (!result.ok) throw new LessonStepError(command, result);
  await world.center.settle();
  return result;
}

/** The request ringing for this agent (the oldest, as its preview shows first). */
export function ringing(store: WorkspaceStore): InvitationView {
  const me = store.state.user?.id;
  const invitation = Object.values(store.state.invitations)
    .filter((i) => i.state === 'pending' && i.invitee?.id === me)
    .sort((a, b) => a.createdAt - b.createdAt)[0];
  if (!invitation) throw new Error(`No request is ringing for ${me ?? 'this agent'}.`);
  return invitation;
}

export function interactionId(world: SeedWorld): string {
  if (!world.ids.interaction) throw new Error('The chat has not been started yet.');
  return world.ids.interaction;
}

export function consultationId(world: SeedWorld): string {
  if (!world.ids.consultation) throw new Error('No consultation has been started yet.');
  return world.ids.consultation;
}

/** Avril Mai starts the seed's chat and the Chat Support routing offers it to Kate Lewis, who accepts. */
export async function chatReachesKate(world: SeedWorld): Promise<void> {
  const started = await startSeedChat(world.center);
  if (!started.ok) throw new Error(`Avril Mai could not start her chat: ${started.error.message}`);
  await world.center.settle();
  const offer = ringing(world.kate);
  world.ids.interaction = offer.sessionId;
  await act(world, world.kate, { type: 'accept-invitation', invitationId: offer.id });
}

export async function avrilSays(world: SeedWorld, text: string): Promise<void> {
  const result = await world.center.contact(SEED_CHAT.contactId).say(text);
  if (!result.ok) throw new Error(`Avril Mai could not write: ${result.error.message}`);
  await world.center.settle();
}

export const say = (world: SeedWorld, store: WorkspaceStore, text: string, sessionId = interactionId(world)) =>
  act(world, store, { type: 'send-message', sessionId, text });
