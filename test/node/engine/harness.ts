import assert from 'node:assert/strict';
import { createChatEngine } from '../../../src/engine/index.js';
import type {
  ChatEngine,
  ChatEvent,
  Command,
  DirectoryEntry,
  EngineConfig,
  ExecuteResult,
  InvitationView,
  SessionView,
  UserId,
  UserSnapshot,
} from '../../../src/engine/index.js';
import { createTestClock, sequentialIds } from '../../../src/engine/testing.js';

const presence = (chat: 'ready' | 'not-ready' | 'offline' | 'after-call-work') =>
  ({ chat, voice: 'offline', email: 'offline' }) as const;

/** Kate Lewis and Jim Miller of the seed, a third agent, the contact Avril Mai, a queue and a routing point. */
export function seedDirectory(overrides: { kate?: string; jim?: string; sam?: string } = {}): DirectoryEntry[] {
  return [
    { kind: 'agent', id: 'kate', name: 'Kate Lewis', number: '5001', presence: presence((overrides.kate ?? 'ready') as 'ready'), chatCapacity: 2 },
    { kind: 'agent', id: 'jim', name: 'Jim Miller', number: '5002', presence: presence((overrides.jim ?? 'ready') as 'ready'), chatCapacity: 2 },
    { kind: 'agent', id: 'sam', name: 'Sam Ortiz', number: '5003', presence: presence((overrides.sam ?? 'ready') as 'ready'), chatCapacity: 1 },
    { kind: 'queue', id: 'support', name: 'Support', members: ['kate', 'jim', 'sam'] },
    { kind: 'routing-point', id: 'rp-billing', name: 'Billing', number: '7000', members: ['jim', 'sam'] },
    { kind: 'contact', id: 'avril', name: 'Avril Mai' },
    { kind: 'contact', id: 'bob', name: 'Bob Contact' },
  ];
}

export const SUBJECT = 'Help with on line purchase';

export interface Harness {
  engine: ChatEngine;
  clock: ReturnType<typeof createTestClock>;
  users: UserId[];
  /** Every delivery each user received, in order. */
  inbox: Map<UserId, { position: number; event: ChatEvent }[]>;
  exec(actor: UserId, command: Command | unknown): ExecuteResult;
  /** Runs a command that must succeed and returns its value. */
  ok(actor: UserId, command: Command): NonNullable<Extract<ExecuteResult, { ok: true }>['value']>;
  tick(): void;
  advance(ms: number): void;
  events(user: UserId, type?: ChatEvent['type']): ChatEvent[];
  /** Events received since the last call to `mark()`. */
  since(user: UserId, type?: ChatEvent['type']): ChatEvent[];
  mark(): void;
  snapshots(): Record<UserId, UserSnapshot>;
  session(user: UserId, sessionId: string): SessionView | undefined;
  invitations(user: UserId): InvitationView[];
}

export function createHarness(
  options: { config?: Partial<EngineConfig>; directory?: DirectoryEntry[]; start?: number; ids?: () => string } = {},
): Harness {
  const clock = createTestClock(options.start ?? 1_000_000);
  const directory = options.directory ?? seedDirectory();
  const engine = createChatEngine({ clock: clock.now, ids: options.ids ?? sequentialIds('id'), directory, ...(options.config ? { config: options.config } : {}) });
  const users = directory.filter((d) => d.kind === 'agent' || d.kind === 'contact').map((d) => d.id);
  const inbox = new Map<UserId, { position: number; event: ChatEvent }[]>(users.map((u) => [u, []]));
  const marks = new Map<UserId, number>();
  const record = (deliveries: ExecuteResult['deliveries']) => {
    for (const d of deliveries) {
      const list = inbox.get(d.to)!;
      assert.equal(d.position, list.length + 1, `position of delivery to ${d.to}`);
      list.push({ position: d.position, event: d.event });
    }
  };
  const h: Harness = {
    engine,
    clock,
    users,
    inbox,
    exec(actor, command) {
      const result = engine.execute(actor, command as Command);
      record(result.deliveries);
      return result;
    },
    ok(actor, command) {
      const result = h.exec(actor, command);
      assert.ok(result.ok, `${actor} ${command.type} failed: ${result.ok ? '' : JSON.stringify(result.error)}`);
      return (result.ok && result.value) || {};
    },
    tick() {
      record(engine.tick());
    },
    advance(ms) {
      clock.advance(ms);
      h.tick();
    },
    events(user, type) {
      return inbox.get(user)!.map((d) => d.event).filter((e) => !type || e.type === type);
    },
    since(user, type) {
      return inbox.get(user)!.slice(marks.get(user) ?? 0).map((d) => d.event).filter((e) => !type || e.type === type);
    },
    mark() {
      for (const u of users) marks.set(u, inbox.get(u)!.length);
    },
    snapshots() {
      return Object.fromEntries(users.map((u) => [u, engine.snapshot(u)]));
    },
    session(user, sessionId) {
      return engine.snapshot(user).sessions.find((s) => s.id === sessionId);
    },
    invitations(user) {
      return engine.snapshot(user).invitations;
    },
  };
  return h;
}

/** Runs `command` expecting a refusal with `code`, and checks that no user's view changed. */
export function assertRefused(h: Harness, actor: UserId, command: unknown, code: string, field?: string): string {
  const before = h.snapshots();
  const positions = h.users.map((u) => h.engine.position(u));
  const result = h.exec(actor, command);
  assert.equal(result.ok, false, `expected ${code}, got ok`);
  if (result.ok) return '';
  assert.equal(result.error.code, code, result.error.message);
  if (field) assert.equal(result.error.field, field);
  assert.ok(result.error.message.length > 10, 'a readable message');
  assert.deepEqual(result.deliveries, []);
  assert.deepEqual(h.snapshots(), before, 'a refused command changes nothing');
  assert.deepEqual(h.users.map((u) => h.engine.position(u)), positions);
  return result.error.message;
}

/** Avril starts a chat that Kate (first Ready member of Support) accepts. */
export function activeChat(h: Harness, contact = 'avril', agent = 'kate'): string {
  const { sessionId, invitationId } = h.ok(contact, { type: 'start-chat', subject: SUBJECT, caseData: { Order: 'A-1001' } });
  const inv = h.invitations(agent).find((i) => i.id === invitationId);
  assert.ok(inv, `${agent} is offered the chat`);
  h.ok(agent, { type: 'accept-invitation', invitationId: invitationId! });
  return sessionId!;
}

/** An agent invites `target` to the interaction (conference by default) and the target accepts. */
export function conference(h: Harness, sessionId: string, from: UserId, target: UserId, kind: 'conference' | 'transfer' = 'conference') {
  const { invitationId } = h.ok(from, { type: 'invite', sessionId, kind, targetId: target });
  h.ok(target, { type: 'accept-invitation', invitationId: invitationId! });
  return invitationId!;
}

export const texts = (s: SessionView | undefined) => (s?.transcript ?? []).map((e) => e.text);
export const partyStates = (s: SessionView | undefined) =>
  Object.fromEntries((s?.parties ?? []).map((p) => [p.userId, p.state]));

// ---------------------------------------------------------------------------
// A minimal client-side reducer: replaying a user's deliveries over an earlier snapshot
// must give the engine's current snapshot (what a reconnecting client relies on).

export interface Replica {
  sessions: Map<string, SessionView>;
  invitations: Map<string, InvitationView>;
}

export function replicaOf(snapshot: UserSnapshot): Replica {
  return {
    sessions: new Map(snapshot.sessions.map((s) => [s.id, structuredClone(s)])),
    invitations: new Map(snapshot.invitations.map((i) => [i.id, structuredClone(i)])),
  };
}

export function applyEvent(r: Replica, event: ChatEvent): void {
  switch (event.type) {
    case 'session-added':
      r.sessions.set(event.session.id, structuredClone(event.session));
      break;
    case 'session-removed':
      r.sessions.delete(event.sessionId);
      break;
    case 'session-updated': {
      const s = r.sessions.get(event.sessionId);
      if (!s) throw new Error(`session-updated for unknown session ${event.sessionId}`);
      s.state = event.state;
      if (event.ownerId !== undefined) s.ownerId = event.ownerId;
      if (event.endedAt !== undefined) s.endedAt = event.endedAt;
      break;
    }
    case 'party-updated': {
      const s = r.sessions.get(event.sessionId);
      if (!s) throw new Error(`party-updated for unknown session ${event.sessionId}`);
      const i = s.parties.findIndex((p) => p.userId === event.party.userId);
      if (i >= 0) s.parties[i] = structuredClone(event.party);
      else s.parties.push(structuredClone(event.party));
      break;
    }
    case 'entry-added': {
      const s = r.sessions.get(event.sessionId);
      if (!s) throw new Error(`entry-added for unknown session ${event.sessionId}`);
      s.transcript.push(structuredClone(event.entry));
      break;
    }
    case 'wrap-up-updated': {
      const s = r.sessions.get(event.sessionId);
      if (!s) throw new Error(`wrap-up-updated for unknown session ${event.sessionId}`);
      s.wrapUp = structuredClone(event.wrapUp);
      break;
    }
    case 'invitation-updated':
      if (event.invitation.state === 'pending') r.invitations.set(event.invitation.id, structuredClone(event.invitation));
      else r.invitations.delete(event.invitation.id);
      break;
    default:
      break;
  }
}

/** Sessions and invitations in a comparable form (party order is not part of the contract). */
export function comparable(r: Replica) {
  const sessions = [...r.sessions.values()]
    .map((s) => ({ ...s, parties: [...s.parties].sort((a, b) => a.userId.localeCompare(b.userId)) }))
    .sort((a, b) => a.id.localeCompare(b.id));
  const invitations = [...r.invitations.values()].sort((a, b) => a.id.localeCompare(b.id));
  return { sessions, invitations };
}
