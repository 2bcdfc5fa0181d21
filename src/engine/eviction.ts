import type { Ctx } from './context.js';
import { RETIRED_INVITATIONS, type EngineState, type SessionRec } from './state.js';

/**
 * Whether everyone is through with a session: it ended, every agent who joined marked it
 * Done, the contact closed it, and none of its consultations is still held. Nobody sees
 * such a session any more (no view, no snapshot), so forgetting it changes nothing a user
 * can observe except that commands naming it are answered `unknown-session`.
 */
export function isFinished(s: SessionRec): boolean {
  if (s.state !== 'ended' || s.consultations.size > 0) return false;
  if (s.kind === 'interaction' && s.contactId !== undefined && !s.contactDismissed) return false;
  for (const wrapUp of s.wrapUps.values()) if (!wrapUp.done) return false;
  return true;
}

/** Forgets the finished sessions among those this call touched (and parents they were holding). */
export function evictFinished(ctx: Ctx): void {
  for (const s of ctx.touched) evict(ctx.st, s);
  ctx.touched.clear();
}

function evict(st: EngineState, s: SessionRec): void {
  if (st.sessions.get(s.id) !== s || !isFinished(s)) return;
  st.sessions.delete(s.id);
  const users = new Set(s.parties.map((p) => p.user.id));
  if (s.contactId) users.add(s.contactId);
  for (const userId of users) {
    const set = st.byUser.get(userId);
    set?.delete(s);
    if (set?.size === 0) st.byUser.delete(userId);
  }
  for (const id of s.invitationIds) {
    const inv = st.invitations.get(id);
    st.invitations.delete(id);
    if (!inv || inv.state === 'pending') continue;
    st.retired.set(id, inv);
    if (st.retired.size > RETIRED_INVITATIONS) st.retired.delete(st.retired.keys().next().value as string);
  }
  if (s.parentId) {
    const parent = st.sessions.get(s.parentId);
    if (parent) {
      parent.consultations.delete(s.id);
      evict(st, parent);
    }
  }
}
