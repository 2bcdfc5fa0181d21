import type { ChatEvent, MessageEntry, NoticeEntry, PartyState, TranscriptEntry, UserId, UserRef } from './types.js';
import type { Ctx } from './context.js';
import type { InvitationRec, PartyRec, SessionRec } from './state.js';
import { connectedAgents, indexUser, joinSessionId, partyOf } from './state.js';
import { leftNotice, reasons } from './notices.js';
import { agentPartyView, contactPartyView, invitationViewFor, liveAgentView, refreshShown } from './views.js';
import { appendedEntryJson } from './transcript-cap.js';

type EntryDraft = Omit<MessageEntry, 'seq' | 'id'> | Omit<NoticeEntry, 'seq' | 'id'>;

const connectedAgentIds = (s: SessionRec): UserId[] => connectedAgents(s).map((p) => p.user.id);

/** The contact, while they still have the chat open. */
export function contactAudience(s: SessionRec): UserId[] {
  return s.kind === 'interaction' && s.contactId && !s.contactDismissed ? [s.contactId] : [];
}

/** Connected agents and the contact (while the chat is open): who hears of session-wide changes. */
export function sessionAudience(s: SessionRec): UserId[] {
  return [...connectedAgentIds(s), ...contactAudience(s)];
}

/**
 * Appends an entry (next seq) and delivers it to the connected agents and, for `all`
 * entries, the contact. `also` adds recipients (a departing party sees its own notice);
 * `except` leaves one out (a joining party gets the whole session instead).
 */
export function appendEntry(
  ctx: Ctx,
  s: SessionRec,
  draft: EntryDraft,
  opts: { also?: UserId[]; except?: UserId } = {},
): TranscriptEntry {
  // The draft becomes the entry (every caller hands over a fresh one): no copy, and the
  // transcript cap recognises the draft it checked by identity (transcript-cap.ts).
  const entry = draft as TranscriptEntry;
  const last = s.transcript.length > 0 ? s.transcript[s.transcript.length - 1]!.seq : 0;
  entry.seq = last + 1;
  entry.id = ctx.ids();
  s.transcript.push(entry);
  const to: UserId[] = [];
  for (const p of s.parties) {
    if (p.user.role === 'agent' && p.state === 'connected' && p.user.id !== opts.except) to.push(p.user.id);
  }
  if (opts.also) for (const id of opts.also) if (id !== opts.except) to.push(id);
  if (entry.visibility === 'all' && s.kind === 'interaction' && s.contactId && !s.contactDismissed && s.contactId !== opts.except) to.push(s.contactId);
  // A message's entry was encoded to check the transcript's room: its event's JSON is made from that text.
  const json = appendedEntryJson(s, entry);
  const event: ChatEvent = { type: 'entry-added', sessionId: s.id, entry };
  ctx.out.emitAll(to, event, json === undefined ? undefined : `{"type":"entry-added","sessionId":${JSON.stringify(s.id)},"entry":${json}}`);
  return entry;
}

export function notice(
  kind: NoticeEntry['notice'],
  text: string,
  at: number,
  subject?: UserRef,
): Omit<NoticeEntry, 'seq' | 'id'> {
  return { kind: 'notice', at, visibility: 'all', notice: kind, ...(subject ? { subject: { ...subject } } : {}), text };
}

/**
 * Changes a party's state and tells whoever was connected before the change (so a
 * departing agent hears of its own departure, a joining one does not get a party event
 * on top of its session) and the contact, when what the contact is shown changes.
 */
export function setPartyState(ctx: Ctx, s: SessionRec, p: PartyRec, state: PartyState, at: number): void {
  const before = connectedAgentIds(s).filter((id) => id !== p.user.id || state !== 'connected');
  p.state = state;
  if (state === 'invited' || state === 'connected') p.since = at;
  if (state === 'connected') {
    p.joined = true;
    p.joinOrder = ++ctx.st.joinCounter;
  }
  ctx.out.emitAll(before, { type: 'party-updated', sessionId: s.id, party: agentPartyView(p) });
  if (refreshShown(p)) {
    const shown = contactPartyView(p);
    if (shown) ctx.out.emitAll(contactAudience(s), { type: 'party-updated', sessionId: s.id, party: shown });
  }
}

/** Adds `user` to the session as ringing (or rings them again if they were a party before). */
export function inviteParty(ctx: Ctx, s: SessionRec, user: UserRef, at: number): void {
  let p = partyOf(s, user.id);
  if (!p) {
    p = { user: { ...user }, state: 'invited', since: at, joined: false, joinOrder: 0 };
    s.parties.push(p);
    indexUser(ctx.st, s, user.id);
  }
  setPartyState(ctx, s, p, 'invited', at);
}

/**
 * A connected party goes (End, or Delete From Conference). The departing agent hears of it
 * and then gets nothing more of this session, so their view is frozen as their stream left it.
 */
export function depart(ctx: Ctx, s: SessionRec, p: PartyRec, state: 'left' | 'removed', at: number): void {
  setPartyState(ctx, s, p, state, at);
  const isAgent = p.user.role === 'agent';
  appendEntry(ctx, s, notice('party-left', leftNotice(p.user.name), at, p.user), { also: isAgent ? [p.user.id] : [] });
  if (isAgent) s.frozen.set(p.user.id, liveAgentView(ctx.st, s));
}

/** Tells the agents concerned how an invitation stands (contacts never see invitations). */
export function announce(ctx: Ctx, inv: InvitationRec, recipients: (UserId | undefined)[]): void {
  for (const id of new Set(recipients)) {
    if (!id || ctx.st.users.get(id)?.role !== 'agent') continue;
    ctx.out.emit(id, { type: 'invitation-updated', invitation: invitationViewFor(ctx.st, inv, id) });
  }
}

/** Ends a session; no invitation may outlive the session it is about or would join. */
export function endSession(ctx: Ctx, s: SessionRec, at: number): void {
  if (s.state === 'ended') return;
  if (s.kind === 'interaction' && s.contactId) {
    const contact = partyOf(s, s.contactId);
    if (contact?.state === 'connected') depart(ctx, s, contact, 'left', at);
  }
  s.state = 'ended';
  s.endedAt = at;
  ctx.touched.add(s);
  // Agents who left earlier and have not marked Done still learn that the session ended.
  const departed: UserId[] = [];
  for (const [agentId, view] of s.frozen) {
    if (s.wrapUps.get(agentId)?.done) continue;
    view.state = s.state;
    view.endedAt = at;
    if (s.ownerId) view.ownerId = s.ownerId;
    departed.push(agentId);
  }
  ctx.out.emitAll([...sessionAudience(s), ...departed], {
    type: 'session-updated',
    sessionId: s.id,
    state: s.state,
    ...(s.ownerId ? { ownerId: s.ownerId } : {}),
    endedAt: at,
  });
  for (const inv of [...ctx.st.pending]) {
    if (inv.state === 'pending' && (inv.sessionId === s.id || inv.consultationId === s.id)) {
      cancelInvitation(ctx, inv, at, reasons.sessionEnded());
    }
  }
}

/**
 * Withdraws a pending invitation: the ringing party drops out (shown as `left`, since
 * the party list has no state for "never joined") and the invitee's preview closes.
 * A consultation whose invitation is withdrawn has nobody to consult, so it ends.
 */
export function cancelInvitation(ctx: Ctx, inv: InvitationRec, at: number, reason: string): void {
  closeInvitation(ctx, inv, 'cancelled', 'left', at, reason);
}

/** Ends a pending invitation with `state`, the ringing party taking `partyState`. */
export function closeInvitation(
  ctx: Ctx,
  inv: InvitationRec,
  state: 'cancelled' | 'rejected' | 'timed-out',
  partyState: PartyState,
  at: number,
  reason: string,
): void {
  if (inv.state !== 'pending') return;
  inv.state = state;
  ctx.st.pending.delete(inv);
  inv.reason = reason;
  delete inv.expiresAt;
  delete inv.routingDeadline;
  const joinSession = ctx.st.sessions.get(joinSessionId(inv));
  const party = inv.inviteeId && joinSession ? partyOf(joinSession, inv.inviteeId) : undefined;
  if (joinSession && party?.state === 'invited') setPartyState(ctx, joinSession, party, partyState, at);
  announce(ctx, inv, [inv.fromId, inv.inviteeId]);
  if (inv.kind === 'consultation' && joinSession) endSession(ctx, joinSession, at);
}

/** Sends the session's new state and owner to everyone in it. */
export function announceSession(ctx: Ctx, s: SessionRec, except?: UserId): void {
  ctx.out.emitAll(
    sessionAudience(s).filter((id) => id !== except),
    {
      type: 'session-updated',
      sessionId: s.id,
      state: s.state,
      ...(s.ownerId ? { ownerId: s.ownerId } : {}),
      ...(s.endedAt !== undefined ? { endedAt: s.endedAt } : {}),
    },
  );
}
