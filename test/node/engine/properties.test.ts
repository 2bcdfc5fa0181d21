/**
 * Random command sequences from random actors over a small directory (3 agents, 2 contacts,
 * a queue and a routing point), with the virtual clock moving randomly. Ids are drawn from
 * the sessions and invitations that exist, so most commands hit real state. After every
 * step the invariants of the brief are checked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ChatEvent, DirectoryEntry, PresenceState } from '../../../src/engine/index.js';
import { inspectEngine } from '../../../src/engine/testing.js';
import { applyEvent, comparable, createHarness, replicaOf, seedDirectory, type Harness, type Replica } from './harness.js';

// A fixed seed, printed, so every run checks the same cases and a failure can be replayed:
// FC_SEED=<n> npm run test:node (fast-check also prints the seed and path of a failure).
const FC_SEED = process.env.FC_SEED !== undefined && process.env.FC_SEED !== '' ? Number(process.env.FC_SEED) : 20_261_127;
if (!Number.isInteger(FC_SEED)) throw new Error(`FC_SEED must be an integer, got "${process.env.FC_SEED}"`);
fc.configureGlobal({ seed: FC_SEED });
console.log(`fast-check seed ${FC_SEED} (set FC_SEED to replay another)`);

const AGENTS = ['kate', 'jim', 'sam'] as const;
const CONTACTS = ['avril', 'bob'] as const;
const USERS = [...AGENTS, ...CONTACTS, 'ghost'] as const;
const TARGETS = ['kate', 'jim', 'sam', 'support', 'rp-billing', 'avril', 'nowhere'] as const;

type Step =
  | { kind: 'advance'; ms: number }
  | { kind: 'command'; who: string; w: number; type: string; s: number; i: number; c: number; pick: Record<string, unknown> };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.oneof(fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 25_000, max: 130_000 })) }) },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('command' as const),
      // Mostly someone the command fits (the invitee for accept, a party for send…), sometimes anyone.
      who: fc.oneof({ weight: 4, arbitrary: fc.constant('fitting') }, { weight: 1, arbitrary: fc.constantFrom(...USERS) }),
      w: fc.integer({ min: 0, max: 5 }),
      type: fc.constantFrom(
        'start-chat', 'start-chat', 'send-message', 'send-message', 'set-typing', 'invite', 'invite', 'invite',
        'accept-invitation', 'accept-invitation', 'accept-invitation', 'reject-invitation', 'cancel-invitation',
        'leave', 'leave', 'remove-party', 'set-disposition', 'mark-done', 'mark-done', 'set-presence', 'set-presence', 'bogus',
      ),
      s: fc.integer({ min: 0, max: 8 }),
      i: fc.integer({ min: 0, max: 8 }),
      c: fc.integer({ min: 0, max: 8 }),
      pick: fc.record({
        text: fc.constantFrom('Hello', 'Card declined', 'Hello', 'Card declined', 'Thanks', '', '   ', 'x'.repeat(4001), 42),
        visibility: fc.constantFrom(undefined, undefined, 'all', 'agents', 'agents', 'everyone'),
        kind: fc.constantFrom('conference', 'consultation', 'transfer', 'conference', 'consultation', 'transfer', 'chat'),
        targetId: fc.constantFrom(...TARGETS, 'jim', 'sam', 'support', 'rp-billing'),
        userId: fc.constantFrom(...USERS),
        fromConsultation: fc.constantFrom(false, false, true),
        dispositionCode: fc.constantFrom(undefined, 'resolved', 'escalated', 'bad-code', ''),
        note: fc.constantFrom(undefined, 'note', 'note', 'n'.repeat(1001)),
        channel: fc.constantFrom('chat', 'chat', 'chat', 'voice', 'fax'),
        state: fc.constantFrom('ready', 'ready', 'ready', 'not-ready', 'offline', 'after-call-work', 'busy'),
        typing: fc.constantFrom(true, false, true, 'yes'),
        commandId: fc.constantFrom(...Array<undefined>(12).fill(undefined), 'c1', 'c2'),
        subject: fc.constantFrom('Help with on line purchase', 'Refund', 'Help with on line purchase', ''),
        queue: fc.constantFrom(undefined, undefined, 'support', 'rp-billing', 'kate'),
      }),
    }),
  },
);

const presenceArb = fc.constantFrom<PresenceState>('ready', 'ready', 'not-ready', 'offline');

function directoryWith(presences: PresenceState[]): DirectoryEntry[] {
  return seedDirectory().map((d) => {
    const at = AGENTS.indexOf(d.id as (typeof AGENTS)[number]);
    return d.kind === 'agent' && at >= 0 ? { ...d, presence: { ...d.presence, chat: presences[at]! } } : d;
  });
}

/** Sessions and invitations anyone has heard of, so generated commands can refer to them. */
function known(h: Harness) {
  const { sessions, invitations } = inspectEngine(h.engine);
  return {
    sessions: sessions.map((s) => s.id),
    consultations: sessions.filter((s) => s.kind === 'consultation').map((s) => s.id),
    invitations: invitations.map((i) => i.id),
  };
}

/** Mostly a recent real id; index 8 (or an empty list) gives an id nobody knows. */
const nth = (list: string[], n: number) => (n === 8 || list.length === 0 ? `missing-${n}` : list[list.length - 1 - (n % list.length)]!);

/** Who issues the step: the user it names, or one the command fits in the current state. */
function actorFor(h: Harness, step: Extract<Step, { kind: 'command' }>): string {
  if (step.who !== 'fitting') return step.who;
  const state = inspectEngine(h.engine);
  const pickFrom = (list: string[], fallback: readonly string[]) =>
    list.length ? list[step.w % list.length]! : fallback[step.w % fallback.length]!;
  const session = state.sessions.find((s) => s.id === nth(state.sessions.map((x) => x.id), step.s));
  const invitation = state.invitations.find((i) => i.id === nth(state.invitations.map((x) => x.id), step.i));
  switch (step.type) {
    case 'start-chat':
      return pickFrom([], CONTACTS);
    case 'accept-invitation':
    case 'reject-invitation':
      return invitation?.inviteeId ?? pickFrom([], AGENTS);
    case 'cancel-invitation':
      return invitation?.fromId ?? pickFrom([], AGENTS);
    case 'set-presence':
      return pickFrom([], AGENTS);
    case 'set-disposition':
    case 'mark-done':
      return pickFrom((session?.parties ?? []).filter((p) => p.user.role === 'agent' && p.joined).map((p) => p.user.id), AGENTS);
    case 'invite':
    case 'remove-party':
      return pickFrom((session?.parties ?? []).filter((p) => p.user.role === 'agent' && p.state === 'connected').map((p) => p.user.id), AGENTS);
    default:
      return pickFrom((session?.parties ?? []).filter((p) => p.state === 'connected').map((p) => p.user.id), USERS);
  }
}

function buildCommand(h: Harness, step: Extract<Step, { kind: 'command' }>): unknown {
  const k = known(h);
  const p = step.pick;
  const sessionId = nth(k.sessions, step.s);
  const invitationId = nth(k.invitations, step.i);
  const base = p.commandId ? { commandId: p.commandId } : {};
  switch (step.type) {
    case 'start-chat':
      return { ...base, type: 'start-chat', subject: p.subject, caseData: { Order: 'A-1' }, ...(p.queue ? { targetId: p.queue } : {}) };
    case 'send-message':
      return { ...base, type: 'send-message', sessionId, text: p.text, ...(p.visibility ? { visibility: p.visibility } : {}), clientMessageId: 'm' };
    case 'set-typing':
      return { ...base, type: 'set-typing', sessionId, typing: p.typing };
    case 'invite':
      return {
        ...base,
        type: 'invite',
        sessionId,
        kind: p.kind,
        targetId: p.targetId,
        ...(p.fromConsultation ? { consultationId: nth(k.consultations, step.c) } : {}),
      };
    case 'accept-invitation':
    case 'reject-invitation':
    case 'cancel-invitation':
      return { ...base, type: step.type, invitationId };
    case 'leave':
    case 'mark-done':
      return { ...base, type: step.type, sessionId };
    case 'remove-party':
      return { ...base, type: 'remove-party', sessionId, userId: p.userId };
    case 'set-disposition':
      return { ...base, type: 'set-disposition', sessionId, dispositionCode: p.dispositionCode, note: p.note };
    case 'set-presence':
      return { ...base, type: 'set-presence', channel: p.channel, state: p.state };
    default:
      return { type: step.type };
  }
}

function checkInvariants(h: Harness, replicas: Map<string, Replica>, applied: Map<string, number>, consultationIds: Set<string>) {
  const state = inspectEngine(h.engine);
  for (const s of state.sessions) if (s.kind === 'consultation') consultationIds.add(s.id);

  // The contact never receives an `agents` entry, an invitation, or anything of a consultation.
  for (const contact of CONTACTS) {
    for (const { event } of h.inbox.get(contact)!) assertContactSafe(event, consultationIds);
    for (const s of h.engine.snapshot(contact).sessions) assertContactSafe({ type: 'session-added', session: s }, consultationIds);
  }

  // Replaying each user's stream gives their current snapshot (positions were checked on receipt).
  for (const user of h.users) {
    const replica = replicas.get(user)!;
    const list = h.inbox.get(user)!;
    for (let n = applied.get(user)!; n < list.length; n++) applyEvent(replica, list[n]!.event);
    applied.set(user, list.length);
    assert.deepEqual(comparable(replica), comparable(replicaOf(h.engine.snapshot(user))), `${user}'s stream matches the snapshot`);
  }

  const byId = new Map(state.sessions.map((s) => [s.id, s]));
  for (const s of state.sessions) {
    // Transcript seq strictly +1 from 1.
    s.transcript.forEach((e, n) => assert.equal(e.seq, n + 1, `seq in ${s.id}`));
    // A live interaction with its contact connected has a connected owning agent, or waits with a pending chat invitation.
    if (s.kind === 'interaction' && s.state !== 'ended' && s.parties.some((p) => p.user.role === 'contact' && p.state === 'connected')) {
      const owner = s.parties.find((p) => p.user.id === s.ownerId);
      const owned = s.state === 'active' && owner?.state === 'connected' && owner.user.role === 'agent';
      const waiting =
        s.state === 'waiting' && state.invitations.some((i) => i.sessionId === s.id && i.kind === 'chat' && i.state === 'pending');
      assert.ok(owned || waiting, `interaction ${s.id} has an owner or waits for one`);
    }
    if (s.state === 'active' && s.kind === 'interaction') {
      assert.ok(s.parties.some((p) => p.user.role === 'agent' && p.state === 'connected'), 'an active interaction has an agent');
    }
  }
  assert.deepEqual(
    state.pendingIds,
    state.invitations.filter((i) => i.state === 'pending').map((i) => i.id),
    'the pending index matches the invitations',
  );
  // No pending invitation outlives its session.
  for (const inv of state.invitations) {
    if (inv.state !== 'pending') continue;
    assert.notEqual(byId.get(inv.sessionId)?.state, 'ended', `pending invitation ${inv.id} on an ended session`);
    if (inv.consultationId) assert.notEqual(byId.get(inv.consultationId)?.state, 'ended', `pending invitation ${inv.id} on an ended consultation`);
    if (inv.inviteeId) {
      const join = byId.get(inv.kind === 'consultation' ? inv.consultationId! : inv.sessionId)!;
      assert.equal(join.parties.find((p) => p.user.id === inv.inviteeId)?.state, 'invited', 'the invitee rings in the session');
      assert.ok(inv.expiresAt !== undefined, 'an offer rings with a deadline');
    }
  }
  const deadline = h.engine.nextDeadline();
  if (deadline !== undefined) assert.ok(deadline > h.clock.now(), 'nothing due is left unprocessed');
}

function assertContactSafe(event: ChatEvent, consultationIds: Set<string>) {
  assert.notEqual(event.type, 'invitation-updated', 'contacts get no invitations');
  if ('sessionId' in event) assert.ok(!consultationIds.has(event.sessionId), 'nothing of a consultation');
  if (event.type === 'entry-added') assert.equal(event.entry.visibility, 'all', 'no agent-only entry');
  if (event.type === 'party-updated' && event.party.role === 'agent') {
    assert.ok(['connected', 'left', 'removed'].includes(event.party.state), 'no ringing agent');
  }
  if (event.type === 'session-added') {
    assert.equal(event.session.kind, 'interaction');
    assert.ok(!consultationIds.has(event.session.id));
    for (const e of event.session.transcript) assert.equal(e.visibility, 'all', 'no agent-only entry');
    for (const p of event.session.parties) {
      if (p.role === 'agent') assert.ok(['connected', 'left', 'removed'].includes(p.state), 'no ringing agent');
    }
    assert.equal(event.session.wrapUp, undefined);
  }
}

test('random command sequences keep every invariant', () => {
  fc.assert(
    fc.property(fc.array(presenceArb, { minLength: 3, maxLength: 3 }), fc.array(stepArb, { minLength: 20, maxLength: 80 }), (presences, steps) => {
      const h = createHarness({ directory: directoryWith(presences) });
      const replicas = new Map(h.users.map((u) => [u, replicaOf(h.engine.snapshot(u))]));
      const applied = new Map(h.users.map((u) => [u, 0]));
      const consultationIds = new Set<string>();
      // Both contacts open a chat first, so the random steps find sessions and invitations to act on.
      for (const contact of CONTACTS) h.exec(contact, { type: 'start-chat', subject: 'Help with on line purchase' });
      checkInvariants(h, replicas, applied, consultationIds);
      for (const step of steps) {
        if (step.kind === 'advance') {
          h.advance(step.ms);
        } else {
          const command = buildCommand(h, step);
          const before = h.snapshots();
          const result = h.exec(actorFor(h, step), command);
          if (!result.ok) {
            assert.ok(result.error.message.length > 0);
            assert.deepEqual(result.deliveries, [], 'nothing was due, so a refusal delivers nothing');
            assert.deepEqual(h.snapshots(), before, `refused ${JSON.stringify(command).slice(0, 120)} changed nothing`);
          }
        }
        checkInvariants(h, replicas, applied, consultationIds);
      }
    }),
    { numRuns: 200 },
  );
});

test('a re-sent command id returns the first answer and delivers nothing new', () => {
  fc.assert(
    fc.property(fc.array(stepArb, { maxLength: 30 }), (steps) => {
      const h = createHarness();
      for (const step of steps) {
        if (step.kind === 'advance') {
          h.advance(step.ms);
          continue;
        }
        const command = { ...(buildCommand(h, step) as object), commandId: 'once' };
        const actor = actorFor(h, step);
        const first = h.exec(actor, command);
        const before = h.snapshots();
        const again = h.exec(actor, command);
        assert.deepEqual(again.deliveries, []);
        assert.deepEqual({ ...again, deliveries: [] }, { ...first, deliveries: [] });
        assert.deepEqual(h.snapshots(), before);
        return;
      }
    }),
    { numRuns: 100 },
  );
});
