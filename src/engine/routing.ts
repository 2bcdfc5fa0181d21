import type { UserId } from './types.js';
import type { EngineState, InvitationRec } from './state.js';
import { joinSessionId, partyOf } from './state.js';

/**
 * How many chats an agent holds for capacity purposes: connected live interactions, plus
 * chat, conference and transfer offers ringing on their desktop now (accepting those would
 * take the capacity, so they reserve it). Consultations never count.
 */
export function chatLoad(st: EngineState, agentId: UserId): number {
  let load = 0;
  for (const s of st.byUser.get(agentId) ?? []) {
    if (s.kind === 'interaction' && s.state !== 'ended' && partyOf(s, agentId)?.state === 'connected') load += 1;
  }
  for (const inv of st.pending) {
    if (inv.kind !== 'consultation' && inv.inviteeId === agentId) load += 1;
  }
  return load;
}

/**
 * The agent a queue or routing-point invitation is offered to next: the first member, in
 * the target's preference order, who is Ready for chat, has free chat capacity, is not
 * already connected to or ringing in the session the invitation joins, and has not
 * rejected or let this invitation time out before. Undefined while nobody qualifies.
 */
export function nextAgentFor(st: EngineState, inv: InvitationRec): UserId | undefined {
  const target = st.targets.get(inv.target.id);
  const session = st.sessions.get(joinSessionId(inv));
  if (!target || !session) return undefined;
  for (const member of target.members) {
    const agent = st.agents.get(member);
    if (!agent || agent.presence.chat !== 'ready') continue;
    if (inv.outcomes.has(member)) continue;
    const party = partyOf(session, member);
    if (party && (party.state === 'connected' || party.state === 'invited')) continue;
    if (chatLoad(st, member) >= agent.entry.chatCapacity) continue;
    return member;
  }
  return undefined;
}
