import type { Ctx } from './context.js';
import type { InvitationRec, OfferOutcome } from './state.js';
import { joinSessionId, partyOf } from './state.js';
import { nextAgentFor } from './routing.js';
import { announce, closeInvitation, inviteParty, setPartyState } from './sessions.js';
import { reasons } from './notices.js';
import { endAfterCallWork } from './presence.js';

const isRouted = (inv: InvitationRec) => inv.target.kind !== 'agent';

/** Offers a routed invitation to the next eligible agent; false when nobody is eligible now. */
export function offer(ctx: Ctx, inv: InvitationRec, at: number): boolean {
  const agentId = nextAgentFor(ctx.st, inv);
  const joinSession = ctx.st.sessions.get(joinSessionId(inv));
  if (!agentId || !joinSession) return false;
  inv.inviteeId = agentId;
  inv.expiresAt = at + ctx.config.inviteTimeoutMs;
  inviteParty(ctx, joinSession, ctx.st.users.get(agentId)!, at);
  announce(ctx, inv, [inv.fromId, agentId]);
  return true;
}

/** Offers every routed invitation that waits for an agent, oldest first, to whoever is eligible now. */
export function routeWaiting(ctx: Ctx, at: number): void {
  if (ctx.st.pending.size === 0) return;
  for (const inv of [...ctx.st.pending]) {
    if (inv.state === 'pending' && isRouted(inv) && !inv.inviteeId) offer(ctx, inv, at);
  }
}

/**
 * The current invitee rejected or did not answer. A routed invitation moves on to the
 * next agent (or waits for one); an invitation to an agent ends and its initiator is told.
 */
export function declineOffer(ctx: Ctx, inv: InvitationRec, outcome: OfferOutcome, at: number): void {
  const inviteeId = inv.inviteeId!;
  const name = ctx.st.users.get(inviteeId)?.name ?? inviteeId;
  const reason = outcome === 'rejected' ? reasons.rejectedBy(name) : reasons.unansweredBy(name);
  if (!isRouted(inv)) {
    closeInvitation(ctx, inv, outcome, outcome, at, reason);
    return;
  }
  const joinSession = ctx.st.sessions.get(joinSessionId(inv))!;
  const party = partyOf(joinSession, inviteeId);
  if (party?.state === 'invited') setPartyState(ctx, joinSession, party, outcome, at);
  inv.outcomes.set(inviteeId, outcome);
  delete inv.inviteeId;
  delete inv.expiresAt;
  announce(ctx, inv, [inviteeId]);
  if (!offer(ctx, inv, at)) announce(ctx, inv, [inv.fromId]);
}

type Deadline = { at: number; apply: () => void };

function deadlines(ctx: Ctx): Deadline[] {
  const list: Deadline[] = [];
  for (const inv of ctx.st.pending) {
    if (inv.state !== 'pending') continue;
    if (inv.routingDeadline !== undefined) {
      const at = inv.routingDeadline;
      list.push({
        at,
        apply: () => closeInvitation(ctx, inv, 'timed-out', 'timed-out', at, reasons.noAgentAnswered(inv.target.name)),
      });
    }
    if (inv.expiresAt !== undefined && inv.inviteeId) {
      const at = inv.expiresAt;
      list.push({ at, apply: () => declineOffer(ctx, inv, 'timed-out', at) });
    }
  }
  for (const [agentId, at] of ctx.st.afterCallWork) list.push({ at, apply: () => endAfterCallWork(ctx, agentId) });
  return list;
}

export function nextDeadline(ctx: Ctx): number | undefined {
  let earliest: number | undefined;
  for (const d of deadlines(ctx)) if (earliest === undefined || d.at < earliest) earliest = d.at;
  return earliest;
}

/**
 * Applies every deadline at or before `now`, earliest first, each at its own time, so a
 * host that ticks late gets the same outcome as one that ticked on time.
 */
export function processDue(ctx: Ctx, now: number): void {
  // Most commands come while nothing is pending: no list of deadlines to build.
  if (ctx.st.pending.size === 0 && ctx.st.afterCallWork.size === 0) return;
  for (;;) {
    let due: Deadline | undefined;
    for (const d of deadlines(ctx)) if (d.at <= now && (!due || d.at < due.at)) due = d;
    if (!due) return;
    due.apply();
    routeWaiting(ctx, due.at);
  }
}
