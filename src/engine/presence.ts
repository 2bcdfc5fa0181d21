import type { Channel, PresenceState, UserId } from './types.js';
import type { Ctx } from './context.js';

/**
 * Sets an agent's presence on a channel and tells every agent who is signed in on some
 * channel (and the agent themself). Offline agents get a fresh directory in their
 * snapshot when they connect, so fanning out to them would only grow their streams.
 */
export function setPresence(ctx: Ctx, agentId: UserId, channel: Channel, state: PresenceState): void {
  const agent = ctx.st.agents.get(agentId);
  if (!agent) return;
  agent.presence[channel] = state;
  const recipients: UserId[] = [agentId];
  for (const [id, other] of ctx.st.agents) {
    if (Object.values(other.presence).some((p) => p !== 'offline')) recipients.push(id);
  }
  ctx.out.emitAll(recipients, { type: 'presence-updated', userId: agentId, channel, state });
}

/** After-call work that the configuration starts when an agent marks an interaction Done. */
export function startAfterCallWork(ctx: Ctx, agentId: UserId, at: number): void {
  const { mode, durationMs } = ctx.config.afterCallWork;
  const agent = ctx.st.agents.get(agentId);
  if (mode === 'none' || !agent || agent.presence.chat !== 'ready') return;
  setPresence(ctx, agentId, 'chat', 'after-call-work');
  if (mode === 'timed') ctx.st.afterCallWork.set(agentId, at + durationMs);
}

/** The timed after-call work is over: back to Ready, unless the agent changed presence meanwhile. */
export function endAfterCallWork(ctx: Ctx, agentId: UserId): void {
  ctx.st.afterCallWork.delete(agentId);
  if (ctx.st.agents.get(agentId)?.presence.chat === 'after-call-work') setPresence(ctx, agentId, 'chat', 'ready');
}
