import type { Channel, PresenceState, UserId } from './types.js';
import type { Ctx } from './context.js';

/**
 * Sets an agent's presence on a channel and tells the agent themself, in their ordered
 * stream (their presence control follows it, and it resumes like any event). Nobody else's
 * stream carries it: fanning every change out to every signed-in agent grew with the square
 * of the contact center. Other agents hear it only if they watch this agent, which the host
 * arranges per connection from this same event (src/host/engine-host.ts), outside the log.
 */
export function setPresence(ctx: Ctx, agentId: UserId, channel: Channel, state: PresenceState): void {
  const agent = ctx.st.agents.get(agentId);
  if (!agent) return;
  agent.presence[channel] = state;
  ctx.out.emit(agentId, { type: 'presence-updated', userId: agentId, channel, state });
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
