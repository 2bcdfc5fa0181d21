import type {
  ChatEvent,
  MessageEntry,
  NoticeEntry,
  SessionId,
  SessionView,
  UserId,
  UserSnapshot,
} from '../engine/types.js';
import type { Transport } from '../transport/types.js';
import { check, within } from './assert.js';
import { Actor, EventCollector } from './collector.js';
import type { ConformanceHarness } from './types.js';

/** One scenario's users and harness; `finish` checks the invariants every scenario must keep. */
export class ScenarioRun {
  private readonly actors = new Map<UserId, Actor>();
  private readonly snapshots = new Map<UserId, UserSnapshot>();

  constructor(
    readonly harness: ConformanceHarness,
    readonly timeoutMs: number,
  ) {}

  async transportFor(userId: UserId): Promise<Transport> {
    return await within(this.harness.transportFor(userId), this.timeoutMs, `the harness's transportFor("${userId}")`);
  }

  /** Connects `userId` and waits for its snapshot. */
  async connect(userId: UserId, transport?: Transport): Promise<Actor> {
    const existing = this.actors.get(userId);
    if (existing) return existing;
    const t = transport ?? (await this.transportFor(userId));
    const log = new EventCollector(userId, t, this.timeoutMs);
    const actor = new Actor(userId, t, log, this.timeoutMs);
    this.actors.set(userId, actor);
    await within(t.connect({ userId }), this.timeoutMs, `connect() as ${userId}`);
    const event = await log.waitFor<Extract<ChatEvent, { type: 'snapshot' }>>('a snapshot after connecting', (e) => e.type === 'snapshot');
    check(event.snapshot.user.id === userId, `${userId}'s snapshot is for user "${event.snapshot.user.id}"`);
    this.snapshots.set(userId, event.snapshot);
    return actor;
  }

  snapshot(userId: UserId): UserSnapshot {
    const snapshot = this.snapshots.get(userId);
    check(snapshot, `${userId} is not connected in this scenario`);
    return snapshot;
  }

  name(userId: UserId): string {
    return this.snapshot(userId).user.name;
  }

  async advance(ms: number): Promise<void> {
    if (this.harness.advance) await within(this.harness.advance(ms), this.timeoutMs, `the harness's advance(${ms})`);
    else await new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** Checks the stream invariants and the contact's privacy, then disconnects everyone. */
  /** Breaks of the stream order any user saw so far (the likely cause when a wait fails). */
  violations(): string[] {
    return [...this.actors.values()].flatMap((actor) => actor.log.violations);
  }

  async finish(contactId: UserId | undefined): Promise<void> {
    try {
      const violations = this.violations();
      check(violations.length === 0, `stream order broken: ${violations.join('; ')}`);
      const contact = contactId ? this.actors.get(contactId) : undefined;
      if (contact) this.checkContactPrivacy(contact);
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    for (const actor of this.actors.values()) {
      actor.log.stop();
      await within(actor.transport.disconnect(), this.timeoutMs, `disconnect() of ${actor.id}`).catch(() => undefined);
    }
    this.actors.clear();
  }

  /** The contact never receives an agents-only entry, nor anything of a consultation. */
  private checkContactPrivacy(contact: Actor): void {
    const consultations = new Set<SessionId>();
    for (const actor of this.actors.values()) {
      if (actor === contact) continue;
      for (const { event } of actor.log.events) {
        for (const session of sessionsIn(event)) if (session.kind === 'consultation') consultations.add(session.id);
        if (event.type === 'invitation-updated' && event.invitation.consultationId) {
          consultations.add(event.invitation.consultationId);
        }
      }
    }
    for (const { event, position } of contact.log.events) {
      const where = `the contact received (position ${position})`;
      for (const session of sessionsIn(event)) {
        check(session.kind !== 'consultation', `${where} consultation ${session.id}`);
        for (const entry of session.transcript) {
          check(entry.visibility !== 'agents', `${where} the agents-only entry ${JSON.stringify(entry.text)}`);
        }
      }
      if (event.type === 'entry-added') {
        check(event.entry.visibility !== 'agents', `${where} the agents-only entry ${JSON.stringify(event.entry.text)}`);
      }
      if (event.type === 'invitation-updated') {
        check(event.invitation.kind !== 'consultation', `${where} a consultation invitation`);
      }
      const sessionId = 'sessionId' in event ? event.sessionId : undefined;
      check(!sessionId || !consultations.has(sessionId), `${where} a ${event.type} event of consultation ${sessionId}`);
    }
  }
}

function sessionsIn(event: ChatEvent): SessionView[] {
  if (event.type === 'snapshot') return event.snapshot.sessions;
  if (event.type === 'session-added') return [event.session];
  return [];
}

// Predicates the scenarios wait on.

export const isInvitation =
  (kind: string, state: string, inviteeId: UserId, sessionId?: SessionId) =>
  (event: ChatEvent): boolean =>
    event.type === 'invitation-updated' &&
    event.invitation.kind === kind &&
    event.invitation.state === state &&
    (state !== 'pending' || event.invitation.invitee?.id === inviteeId) &&
    (sessionId === undefined || event.invitation.sessionId === sessionId);

export const isMessage =
  (sessionId: SessionId, text: string) =>
  (event: ChatEvent): boolean =>
    event.type === 'entry-added' && event.sessionId === sessionId && event.entry.kind === 'message' && event.entry.text === text;

export const isNotice =
  (sessionId: SessionId, notice: NoticeEntry['notice'], text: string) =>
  (event: ChatEvent): boolean =>
    event.type === 'entry-added' &&
    event.sessionId === sessionId &&
    event.entry.kind === 'notice' &&
    event.entry.notice === notice &&
    event.entry.text === text;

export const isParty =
  (sessionId: SessionId, userId: UserId, state: string) =>
  (event: ChatEvent): boolean =>
    event.type === 'party-updated' && event.sessionId === sessionId && event.party.userId === userId && event.party.state === state;

export const isSessionAdded =
  (sessionId: SessionId) =>
  (event: ChatEvent): boolean =>
    event.type === 'session-added' && event.session.id === sessionId;

export const isSessionState =
  (sessionId: SessionId, state: string) =>
  (event: ChatEvent): boolean =>
    event.type === 'session-updated' && event.sessionId === sessionId && event.state === state;

export const isSessionRemoved =
  (sessionId: SessionId) =>
  (event: ChatEvent): boolean =>
    event.type === 'session-removed' && event.sessionId === sessionId;

export function messages(session: SessionView): MessageEntry[] {
  return session.transcript.filter((entry): entry is MessageEntry => entry.kind === 'message');
}
