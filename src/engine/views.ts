import type {
  EngineConfig,
  InternalTarget,
  InvitationView,
  PartyView,
  SessionView,
  UserId,
  UserRef,
  UserSnapshot,
} from './types.js';
import { clientConfigOf } from './config.js';
import { reasons } from './notices.js';
import type { EngineState, InvitationRec, PartyRec, SessionRec } from './state.js';
import { partyOf, sessionsOf } from './state.js';

/** Party states the contact is ever shown; invitations to agents stay among agents. */
const CONTACT_VISIBLE = new Set(['connected', 'left', 'removed']);

export function agentPartyView(p: PartyRec): PartyView {
  return { userId: p.user.id, name: p.user.name, role: p.user.role, state: p.state, since: p.since };
}

export function contactPartyView(p: PartyRec): PartyView | undefined {
  if (p.user.role === 'contact') return agentPartyView(p);
  return p.shown ? { userId: p.user.id, name: p.user.name, role: p.user.role, ...p.shown } : undefined;
}

/** Records what the contact would now be shown of `p`; true when that changed. */
export function refreshShown(p: PartyRec): boolean {
  if (p.user.role === 'contact') return true;
  if (!p.joined || !CONTACT_VISIBLE.has(p.state)) return false;
  if (p.shown && p.shown.state === p.state && p.shown.since === p.since) return false;
  p.shown = { state: p.state, since: p.since };
  return true;
}

/** Whether the agent has the session on their desktop (connected, or ended for them and not Done). */
export function agentSees(s: SessionRec, agentId: UserId): boolean {
  if (partyOf(s, agentId)?.state === 'connected' && s.state !== 'ended') return true;
  const wrapUp = s.wrapUps.get(agentId);
  return wrapUp !== undefined && !wrapUp.done;
}

export function contactSees(s: SessionRec, contactId: UserId): boolean {
  return s.kind === 'interaction' && s.contactId === contactId && !s.contactDismissed;
}

function contactRef(st: EngineState, s: SessionRec): UserRef | undefined {
  return s.contactId ? st.users.get(s.contactId) : undefined;
}

/** The live session as agents see it: every party and entry. */
export function liveAgentView(st: EngineState, s: SessionRec): SessionView {
  const contact = contactRef(st, s);
  return structuredClone({
    id: s.id,
    kind: s.kind,
    ...(s.parentId ? { parentId: s.parentId } : {}),
    origin: s.origin,
    subject: s.subject,
    caseData: s.caseData,
    state: s.state,
    ...(s.ownerId ? { ownerId: s.ownerId } : {}),
    ...(contact ? { contact } : {}),
    parties: s.parties.map(agentPartyView),
    transcript: s.transcript,
    createdAt: s.createdAt,
    ...(s.endedAt !== undefined ? { endedAt: s.endedAt } : {}),
  });
}

export function agentSessionView(st: EngineState, s: SessionRec, agentId: UserId): SessionView {
  const connected = partyOf(s, agentId)?.state === 'connected';
  const frozen = connected ? undefined : s.frozen.get(agentId);
  // The live view is already a fresh copy; only the stored frozen one needs copying.
  const view = frozen ? structuredClone(frozen) : liveAgentView(st, s);
  const wrapUp = s.wrapUps.get(agentId);
  if (wrapUp) view.wrapUp = { ...wrapUp };
  return view;
}

export function contactSessionView(st: EngineState, s: SessionRec): SessionView {
  const contact = contactRef(st, s);
  return structuredClone({
    id: s.id,
    kind: s.kind,
    origin: s.origin,
    subject: s.subject,
    caseData: s.caseData,
    state: s.state,
    ...(s.ownerId ? { ownerId: s.ownerId } : {}),
    ...(contact ? { contact } : {}),
    parties: s.parties.map(contactPartyView).filter((p): p is PartyView => p !== undefined),
    transcript: s.transcript.filter((e) => e.visibility === 'all'),
    createdAt: s.createdAt,
    ...(s.endedAt !== undefined ? { endedAt: s.endedAt } : {}),
  });
}

export function sessionViewFor(st: EngineState, s: SessionRec, userId: UserId): SessionView | undefined {
  const user = st.users.get(userId);
  if (!user) return undefined;
  if (user.role === 'agent') return agentSees(s, userId) ? agentSessionView(st, s, userId) : undefined;
  return contactSees(s, userId) ? contactSessionView(st, s) : undefined;
}

/**
 * The invitation as `userId` is shown it. An agent a routed invitation was offered to
 * earlier sees how their own offer ended: for them the request is over, while it stays
 * pending for the initiator and the next agent.
 */
export function invitationViewFor(st: EngineState, inv: InvitationRec, userId: UserId): InvitationView {
  const from = st.users.get(inv.fromId)!;
  const session = st.sessions.get(inv.sessionId)!;
  const invitee = inv.inviteeId ? st.users.get(inv.inviteeId) : undefined;
  const interaction = session.parentId ? (st.sessions.get(session.parentId) ?? session) : session;
  const contact = interaction.contactId ? st.users.get(interaction.contactId) : undefined;
  const view: InvitationView = {
    id: inv.id,
    kind: inv.kind,
    state: inv.state,
    sessionId: inv.sessionId,
    ...(inv.consultationId ? { consultationId: inv.consultationId } : {}),
    from: { ...from },
    target: { ...inv.target },
    ...(contact ? { contact: { ...contact } } : {}),
    ...(invitee ? { invitee: { ...invitee } } : {}),
    origin: session.origin,
    subject: session.subject,
    caseData: { ...session.caseData },
    createdAt: inv.createdAt,
    ...(inv.state === 'pending' && inv.expiresAt !== undefined ? { expiresAt: inv.expiresAt } : {}),
    ...(inv.reason ? { reason: inv.reason } : {}),
  };
  const outcome = inv.outcomes.get(userId);
  if (outcome && inv.state === 'pending' && inv.inviteeId !== userId && inv.fromId !== userId) {
    const me = st.users.get(userId)!;
    const { invitee: _ignored, expiresAt: _gone, ...rest } = view;
    return {
      ...rest,
      state: outcome,
      reason: outcome === 'rejected' ? reasons.rejectedBy(me.name) : reasons.unansweredBy(me.name),
    };
  }
  return view;
}

export function directoryFor(st: EngineState): InternalTarget[] {
  const list: InternalTarget[] = [];
  for (const agent of st.agents.values()) list.push({ ...agent.entry, presence: { ...agent.presence } });
  for (const target of st.targets.values()) list.push({ ...target, members: [...target.members] });
  return list;
}

export function targetFor(st: EngineState, id: string): InternalTarget | undefined {
  const agent = st.agents.get(id);
  if (agent) return { ...agent.entry, presence: { ...agent.presence } };
  const target = st.targets.get(id);
  return target ? { ...target, members: [...target.members] } : undefined;
}

export function snapshotFor(st: EngineState, config: EngineConfig, userId: UserId): UserSnapshot {
  const user = st.users.get(userId)!;
  const agent = st.agents.get(userId);
  const sessions: SessionView[] = [];
  for (const s of sessionsOf(st, userId)) {
    const view = sessionViewFor(st, s, userId);
    if (view) sessions.push(view);
  }
  const invitations: InvitationView[] = [];
  if (user.role === 'agent') {
    for (const inv of st.pending) {
      if (inv.state === 'pending' && (inv.inviteeId === userId || inv.fromId === userId)) {
        invitations.push(invitationViewFor(st, inv, userId));
      }
    }
  }
  return {
    user: { ...user },
    sessions,
    invitations,
    ...(agent ? { presence: { ...agent.presence } } : {}),
    config: clientConfigOf(config),
  };
}
