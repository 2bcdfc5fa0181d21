import type { ChatEngine, EngineOptions } from './api.js';
import type { CommandOf, CommandResult, CommandType, CommandValue, ExecuteResult, MessageEntry, UserId, UserRef } from './types.js';
import { ChatCommandError } from './types.js';
import { resolveConfig } from './config.js';
import { CONTACT_COMMANDS, parseCommand } from './commands.js';
import type { Ctx } from './context.js';
import { Outbox, Positions } from './deliveries.js';
import { forbidden, invalidInput, invalidState, notAParty, unknownInvitation, unknownSession, unknownTarget, unknownUser } from './errors.js';
import { CommandLog } from './idempotency.js';
import { checkTranscriptRoom } from './transcript-cap.js';
import { declineOffer, nextDeadline, offer, processDue, routeWaiting } from './invitations.js';
import { joinedNotice, reasons, waitingNotice } from './notices.js';
import { setPresence, startAfterCallWork } from './presence.js';
import {
  announce,
  announceSession,
  appendEntry,
  cancelInvitation,
  depart,
  endSession,
  inviteParty,
  notice,
  setPartyState,
} from './sessions.js';
import type { EngineState, InvitationRec, PartyRec, SessionRec } from './state.js';
import { addInvitation, addSession, connectedAgents, createState, isConnected, joinSessionId, partyOf } from './state.js';
import { evictFinished } from './eviction.js';
import { captureState, exportState, exportStateJson, restoreState } from './snapshot.js';
import { agentSessionView, contactSessionView, directoryFor, refreshShown, sessionViewFor, snapshotFor, targetFor } from './views.js';

/** How many command ids per actor are remembered for idempotent re-sends, and for how long. */
const COMMAND_LOG_LIMIT = 1000;
const COMMAND_LOG_MAX_AGE_MS = 60 * 60 * 1000;

/** Internal state per engine, reachable only through `inspectEngine` in testing.ts (invariant checks). */
export const engineStates = new WeakMap<ChatEngine, EngineState>();

type Handler<T extends CommandType> = (ctx: Ctx, actor: UserRef, cmd: CommandOf<T>, now: number) => CommandValue | void;

/**
 * Creates the contact-center chat engine. `options.config` is merged over
 * DEFAULT_ENGINE_CONFIG; an invalid configuration or directory throws here, since that is
 * the host's programming error. After construction nothing a user sends makes it throw.
 */
export function createChatEngine(options: EngineOptions): ChatEngine {
  if (!options || typeof options.clock !== 'function' || typeof options.ids !== 'function') {
    throw new TypeError('createChatEngine needs a clock and an id source.');
  }
  const config = resolveConfig(options.config);
  const st = createState(options.directory);
  const positions = new Positions();
  const log = new CommandLog(options.commandIds?.limit ?? COMMAND_LOG_LIMIT, options.commandIds?.maxAgeMs ?? COMMAND_LOG_MAX_AGE_MS);
  if (options.restore) {
    restoreState(st, options.restore);
    positions.restore(options.restore.positions);
    log.restore(options.restore.commands);
  }
  const newCtx = (): Ctx => ({ st, config, ids: options.ids, out: new Outbox(positions), touched: new Set() });

  function execute(actor: UserId, command: unknown): ExecuteResult {
    const user = typeof actor === 'string' ? st.users.get(actor) : undefined;
    const commandId = commandIdOf(command);
    if (user && commandId !== undefined) {
      const first = log.get(user.id, commandId, options.clock());
      // A copy already (the log keeps answers as text).
      if (first) return { ...first, deliveries: [] };
    }
    const ctx = newCtx();
    const now = options.clock();
    processDue(ctx, now);
    let result: CommandResult;
    try {
      if (!user) throw unknownUser(String(actor));
      const cmd = parseCommand(command, config);
      if (user.role === 'contact' && !CONTACT_COMMANDS.has(cmd.type)) {
        throw forbidden(`A contact cannot ${cmd.type.replace('-', ' ')}.`);
      }
      if (user.role === 'agent' && cmd.type === 'start-chat') throw forbidden('Only a contact starts a chat.');
      const value = (handlers[cmd.type] as Handler<CommandType>)(ctx, user, cmd, now);
      routeWaiting(ctx, now);
      result = value ? { ok: true, value } : { ok: true };
    } catch (error) {
      if (!(error instanceof ChatCommandError)) throw error;
      result = { ok: false, error: error.toJSON() };
    }
    evictFinished(ctx);
    if (user && commandId !== undefined) log.remember(user.id, commandId, result, now);
    const deliveries = ctx.out.deliveries;
    if (!result.ok) return { ok: false, error: result.error, deliveries };
    return result.value ? { ok: true, value: result.value, deliveries } : { ok: true, deliveries };
  }

  const engine: ChatEngine = {
    execute,
    tick() {
      const ctx = newCtx();
      processDue(ctx, options.clock());
      evictFinished(ctx);
      return ctx.out.deliveries;
    },
    nextDeadline: () => nextDeadline(newCtx()),
    snapshot(userId) {
      if (!st.users.has(userId)) throw new ChatCommandError({ code: 'unknown-user', message: `There is no user '${userId}'.` });
      return snapshotFor(st, config, userId);
    },
    position: (userId) => positions.get(userId),
    hasUser: (userId) => st.users.has(userId),
    directory: () => directoryFor(st),
    target: (id) => targetFor(st, id),
    config,
    exportState: () => exportState(st, positions.entries(), log.entries()),
    exportStateJson: () => exportStateJson(st, positions.entries(), log.entries()),
    captureState: () => captureState(st, positions.entries(), log.capture()),
    sessionCount: () => st.sessions.size,
  };
  engineStates.set(engine, st);
  return engine;
}

function commandIdOf(command: unknown): string | undefined {
  if (typeof command !== 'object' || command === null) return undefined;
  const id = (command as { commandId?: unknown }).commandId;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

// ---------------------------------------------------------------------------
// Look-ups that refuse (used while validating, before anything changes)

function sessionOf(st: EngineState, id: string): SessionRec {
  const s = st.sessions.get(id);
  if (!s) throw unknownSession(id);
  return s;
}

function invitationOf(st: EngineState, id: string): InvitationRec {
  // A retired invitation (its session was evicted) still answers "already cancelled" and the like.
  const inv = st.invitations.get(id) ?? st.retired.get(id);
  if (!inv) throw unknownInvitation(id);
  return inv;
}

/** The actor's connected party in a live session. */
function connectedParty(st: EngineState, s: SessionRec, actor: UserRef): PartyRec {
  const p = partyOf(s, actor.id);
  if (p?.state === 'connected' && s.state !== 'ended') return p;
  if (s.state === 'ended' && sessionViewFor(st, s, actor.id)) throw invalidState('This session has ended.');
  throw notAParty();
}

const alreadyText = (state: string) =>
  state === 'timed-out' ? 'This invitation has already timed out.' : `This invitation was already ${state}.`;

/** Refuses unless the actor is the agent the pending invitation rings for now. */
function requireInvitee(inv: InvitationRec, actor: UserRef, verb: string): void {
  const involved = inv.inviteeId === actor.id || inv.outcomes.has(actor.id) || inv.fromId === actor.id;
  if (inv.state !== 'pending' && involved) throw invalidState(alreadyText(inv.state));
  if (inv.state === 'pending' && inv.inviteeId === actor.id) return;
  const outcome = inv.outcomes.get(actor.id);
  if (outcome === 'timed-out') {
    throw invalidState('This invitation has already timed out for you and was offered to another agent.');
  }
  if (outcome === 'rejected') throw invalidState('You already rejected this invitation; it was offered to another agent.');
  throw forbidden(`This invitation is not yours to ${verb}.`);
}

// ---------------------------------------------------------------------------
// Changes shared by several commands

/**
 * An agent's part ends (End, transfer, Delete From Conference). The invitations they
 * started for this session are cancelled: an invitee accepting after the initiator left
 * would join a conference its initiator already abandoned, so the race resolves by
 * cancelling and withdrawing the preview. Ownership moves to `newOwner`, or else to the
 * earliest-joined agent still connected; with no agent left the interaction ends.
 */
function agentDeparts(ctx: Ctx, s: SessionRec, p: PartyRec, state: 'left' | 'removed', now: number, newOwner?: UserId) {
  depart(ctx, s, p, state, now);
  for (const inv of [...ctx.st.pending]) {
    if (inv.state === 'pending' && inv.fromId === p.user.id && (inv.sessionId === s.id || inv.consultationId === s.id)) {
      cancelInvitation(ctx, inv, now, reasons.initiatorLeft(p.user.name));
    }
  }
  if (s.state === 'ended') return;
  if (s.kind === 'consultation') {
    endSession(ctx, s, now);
    return;
  }
  const remaining = connectedAgents(s);
  if (remaining.length === 0) {
    endSession(ctx, s, now);
    return;
  }
  if (newOwner || !remaining.some((r) => r.user.id === s.ownerId)) {
    s.ownerId = newOwner ?? [...remaining].sort((a, b) => a.joinOrder - b.joinOrder)[0]!.user.id;
    announceSession(ctx, s);
  }
}

// ---------------------------------------------------------------------------
// Command handlers: each validates everything first, then changes state and emits.

const handlers: { [T in CommandType]: Handler<T> } = {
  'start-chat'(ctx, actor, cmd, now) {
    const { st, config } = ctx;
    for (const s of st.byUser.get(actor.id) ?? []) {
      if (s.kind === 'interaction' && s.contactId === actor.id && s.state !== 'ended' && isConnected(s, actor.id)) {
        throw invalidState('You already have a chat open. End it before starting another.');
      }
    }
    const target = cmd.targetId
      ? st.targets.get(cmd.targetId)
      : ([...st.targets.values()].find((t) => t.kind === 'queue') ?? [...st.targets.values()][0]);
    if (cmd.targetId && !target) throw unknownTarget(cmd.targetId);
    if (!target) throw invalidState('There is no queue to route the chat to.');

    const s: SessionRec = {
      id: ctx.ids(),
      order: ++st.sessionCounter,
      kind: 'interaction',
      origin: config.inboundOrigin,
      subject: cmd.subject,
      caseData: { ...(cmd.caseData ?? {}) },
      state: 'waiting',
      contactId: actor.id,
      contactDismissed: false,
      parties: [],
      transcript: [],
      createdAt: now,
      wrapUps: new Map(),
      frozen: new Map(),
      consultations: new Set(),
      invitationIds: new Set(),
    };
    const contact: PartyRec = { user: { ...actor }, state: 'connected', since: now, joined: true, joinOrder: ++st.joinCounter };
    refreshShown(contact);
    s.parties.push(contact);
    addSession(st, s);
    appendEntry(ctx, s, notice('waiting', waitingNotice(), now), { except: actor.id });
    ctx.out.emit(actor.id, { type: 'session-added', session: contactSessionView(st, s) });
    const inv: InvitationRec = {
      id: ctx.ids(),
      kind: 'chat',
      state: 'pending',
      sessionId: s.id,
      fromId: actor.id,
      target: { id: target.id, kind: target.kind, name: target.name },
      createdAt: now,
      outcomes: new Map(),
    };
    addInvitation(st, inv);
    offer(ctx, inv, now);
    return { sessionId: s.id, invitationId: inv.id };
  },

  'send-message'(ctx, actor, cmd, now) {
    const s = sessionOf(ctx.st, cmd.sessionId);
    connectedParty(ctx.st, s, actor);
    const visibility = cmd.visibility ?? 'all';
    if (visibility === 'agents' && actor.role !== 'agent') throw forbidden('Only agents can write agent-only notes.');
    // `from` is the user's own record ({ id, name, role }, never changed once made from the
    // directory), shared by all their messages instead of one object per message: entries
    // leave the engine only as copies, and a transcript kept for hours holds one object less
    // per message for the collector to keep and mark again.
    // Every key in the literal, `seq` and `id` last (appendEntry fills them in), so that the
    // entry, kept for hours, holds all its fields in the object itself: keys added to an
    // object literal afterwards go to a second object, one more to keep and mark per message.
    const draft: MessageEntry = cmd.clientMessageId
      ? { kind: 'message', at: now, visibility, from: actor, text: cmd.text, clientMessageId: cmd.clientMessageId, seq: 0, id: '' }
      : { kind: 'message', at: now, visibility, from: actor, text: cmd.text, seq: 0, id: '' };
    checkTranscriptRoom(s, draft, ctx.config);
    const entry = appendEntry(ctx, s, draft);
    return { entryId: entry.id };
  },

  'set-typing'(ctx, actor, cmd) {
    const s = sessionOf(ctx.st, cmd.sessionId);
    connectedParty(ctx.st, s, actor);
    const to = connectedAgents(s).map((p) => p.user.id);
    // The contact sees an agent typing in the interaction; never anything of a consultation,
    // and never that an agent is writing an agents-only note.
    const forContact = cmd.visibility !== 'agents';
    if (forContact && actor.role === 'agent' && s.kind === 'interaction' && s.contactId && isConnected(s, s.contactId) && !s.contactDismissed) {
      to.push(s.contactId);
    }
    ctx.out.emitAll(
      to.filter((id) => id !== actor.id),
      { type: 'typing', sessionId: s.id, user: { ...actor }, typing: cmd.typing },
    );
  },

  invite(ctx, actor, cmd, now) {
    const { st, config } = ctx;
    const s = sessionOf(st, cmd.sessionId);
    if (s.kind !== 'interaction') throw invalidState('Invitations are made from the interaction, not from a consultation.');
    connectedParty(st, s, actor);
    if (s.state !== 'active') throw invalidState('The session is not active.');
    const agentTarget = st.agents.get(cmd.targetId);
    const routingTarget = st.targets.get(cmd.targetId);
    if (!agentTarget && !routingTarget) throw unknownTarget(cmd.targetId);
    if (cmd.consultationId) {
      const c = st.sessions.get(cmd.consultationId);
      if (!c || c.kind !== 'consultation') throw unknownSession(cmd.consultationId, 'consultationId');
      if (c.parentId !== s.id) throw invalidState('That consultation belongs to another interaction.');
      if (c.state !== 'active') throw invalidState('That consultation has ended.');
      if (!isConnected(c, actor.id)) throw notAParty('You are not connected to that consultation.');
      const peer = connectedAgents(c).find((p) => p.user.id !== actor.id);
      if (!peer) throw invalidState('Nobody has joined that consultation yet.');
      if (peer.user.id !== cmd.targetId) {
        throw invalidState(`A conference from this consultation invites ${peer.user.name}, its other party.`);
      }
    }
    if (agentTarget) {
      const name = agentTarget.entry.name;
      if (agentTarget.entry.id === actor.id) throw invalidState('You cannot invite yourself.');
      if (cmd.kind !== 'consultation') {
        const state = partyOf(s, agentTarget.entry.id)?.state;
        if (state === 'connected') throw invalidState(`${name} is already connected to this session.`);
        if (state === 'invited') throw invalidState(`${name} has already been invited to this session.`);
      }
      if (agentTarget.presence.chat === 'offline') throw invalidState(`${name} is offline for chat and cannot be invited.`);
    }

    let consultation: SessionRec | undefined;
    if (cmd.kind === 'consultation') {
      consultation = {
        id: ctx.ids(),
        order: ++st.sessionCounter,
        kind: 'consultation',
        parentId: s.id,
        origin: s.origin,
        subject: s.subject,
        caseData: { ...s.caseData },
        state: 'active',
        ownerId: actor.id,
        contactDismissed: false,
        parties: [{ user: { ...actor }, state: 'connected', since: now, joined: true, joinOrder: ++st.joinCounter }],
        transcript: [],
        createdAt: now,
        wrapUps: new Map([[actor.id, { done: false }]]),
        frozen: new Map(),
        consultations: new Set(),
        invitationIds: new Set(),
      };
      if (agentTarget) {
        consultation.parties.push({ user: { ...st.users.get(agentTarget.entry.id)! }, state: 'invited', since: now, joined: false, joinOrder: 0 });
      }
      addSession(st, consultation);
      ctx.out.emit(actor.id, { type: 'session-added', session: agentSessionView(st, consultation, actor.id) });
    }
    const target = agentTarget
      ? { id: agentTarget.entry.id, kind: 'agent' as const, name: agentTarget.entry.name }
      : { id: routingTarget!.id, kind: routingTarget!.kind, name: routingTarget!.name };
    const inv: InvitationRec = {
      id: ctx.ids(),
      kind: cmd.kind,
      state: 'pending',
      sessionId: s.id,
      ...(consultation ? { consultationId: consultation.id } : cmd.consultationId ? { consultationId: cmd.consultationId } : {}),
      fromId: actor.id,
      target,
      createdAt: now,
      outcomes: new Map(),
    };
    addInvitation(st, inv);
    if (agentTarget) {
      inv.inviteeId = agentTarget.entry.id;
      inv.expiresAt = now + config.inviteTimeoutMs;
      if (!consultation) inviteParty(ctx, s, st.users.get(agentTarget.entry.id)!, now);
      announce(ctx, inv, [actor.id, inv.inviteeId]);
    } else {
      inv.routingDeadline = now + config.routingTimeoutMs;
      if (!offer(ctx, inv, now)) announce(ctx, inv, [actor.id]);
    }
    return consultation ? { invitationId: inv.id, sessionId: consultation.id } : { invitationId: inv.id };
  },

  'accept-invitation'(ctx, actor, cmd, now) {
    const { st } = ctx;
    const inv = invitationOf(st, cmd.invitationId);
    requireInvitee(inv, actor, 'accept');
    const js = st.sessions.get(joinSessionId(inv));
    const party = js && partyOf(js, actor.id);
    if (!js || js.state === 'ended' || party?.state !== 'invited') throw invalidState('The session of this invitation has ended.');

    inv.state = 'accepted';
    st.pending.delete(inv);
    delete inv.expiresAt;
    delete inv.routingDeadline;
    setPartyState(ctx, js, party, 'connected', now);
    js.wrapUps.set(actor.id, { ...js.wrapUps.get(actor.id), done: false });
    js.frozen.delete(actor.id);
    appendEntry(ctx, js, notice('party-joined', joinedNotice(actor.name), now, actor), { except: actor.id });
    if (inv.kind === 'chat') {
      js.state = 'active';
      js.ownerId = actor.id;
      announceSession(ctx, js, actor.id);
    }
    ctx.out.emit(actor.id, { type: 'session-added', session: agentSessionView(st, js, actor.id) });
    announce(ctx, inv, [inv.fromId, actor.id]);

    if (inv.kind === 'transfer') {
      const initiator = partyOf(js, inv.fromId);
      if (initiator?.state === 'connected') agentDeparts(ctx, js, initiator, 'left', now, actor.id);
    }
    if (inv.kind === 'conference' && inv.consultationId) {
      const c = st.sessions.get(inv.consultationId);
      const peer = c && partyOf(c, actor.id);
      if (c && peer?.state === 'connected') depart(ctx, c, peer, 'left', now);
      if (c) endSession(ctx, c, now);
    }
    return { sessionId: js.id, invitationId: inv.id };
  },

  'reject-invitation'(ctx, actor, cmd, now) {
    const inv = invitationOf(ctx.st, cmd.invitationId);
    requireInvitee(inv, actor, 'reject');
    declineOffer(ctx, inv, 'rejected', now);
  },

  'cancel-invitation'(ctx, actor, cmd, now) {
    const inv = invitationOf(ctx.st, cmd.invitationId);
    if (inv.fromId !== actor.id) throw forbidden('Only the agent who sent an invitation can cancel it.');
    if (inv.state !== 'pending') throw invalidState(alreadyText(inv.state));
    cancelInvitation(ctx, inv, now, reasons.cancelledBy(actor.name));
  },

  leave(ctx, actor, cmd, now) {
    const { st } = ctx;
    const s = sessionOf(st, cmd.sessionId);
    if (actor.role === 'contact') {
      if (s.contactId !== actor.id || s.contactDismissed) throw notAParty();
      // Dismissed first: the contact receives nothing of the chat after leaving it.
      s.contactDismissed = true;
      ctx.touched.add(s);
      const p = partyOf(s, actor.id);
      if (p?.state === 'connected') {
        depart(ctx, s, p, 'left', now);
        for (const inv of [...st.pending]) {
          if (inv.state === 'pending' && inv.sessionId === s.id && inv.kind !== 'consultation') {
            cancelInvitation(ctx, inv, now, reasons.contactLeft(actor.name));
          }
        }
        if (s.state === 'waiting') endSession(ctx, s, now);
      }
      ctx.out.emit(actor.id, { type: 'session-removed', sessionId: s.id });
      return;
    }
    const p = connectedParty(st, s, actor);
    agentDeparts(ctx, s, p, 'left', now);
  },

  'remove-party'(ctx, actor, cmd, now) {
    const { st } = ctx;
    const s = sessionOf(st, cmd.sessionId);
    connectedParty(st, s, actor);
    const target = st.users.get(cmd.userId);
    if (!target) throw unknownUser(cmd.userId, 'userId');
    if (target.id === actor.id) throw invalidState('To leave the session yourself, use End.');
    if (target.role === 'contact') throw invalidState('The contact cannot be deleted from the conference.');
    const tp = partyOf(s, target.id);
    if (tp?.state !== 'connected') throw invalidState(`${target.name} is not connected to this session.`);
    agentDeparts(ctx, s, tp, 'removed', now, s.ownerId === target.id ? actor.id : undefined);
  },

  'set-disposition'(ctx, actor, cmd) {
    const s = sessionOf(ctx.st, cmd.sessionId);
    const wrapUp = s.wrapUps.get(actor.id);
    if (!wrapUp) throw notAParty('You were never connected to this session.');
    if (wrapUp.done) throw invalidState('This session is already marked Done.');
    // An empty code clears it; a field left out keeps what was saved before.
    if (cmd.dispositionCode !== undefined) {
      if (cmd.dispositionCode === '') delete wrapUp.dispositionCode;
      else wrapUp.dispositionCode = cmd.dispositionCode;
    }
    if (cmd.note !== undefined) wrapUp.note = cmd.note;
    ctx.out.emit(actor.id, { type: 'wrap-up-updated', sessionId: s.id, wrapUp: { ...wrapUp } });
  },

  'mark-done'(ctx, actor, cmd, now) {
    const { st, config } = ctx;
    const s = sessionOf(st, cmd.sessionId);
    const wrapUp = s.wrapUps.get(actor.id);
    if (!wrapUp) throw notAParty('You were never connected to this session.');
    if (wrapUp.done) throw invalidState('This session is already marked Done.');
    if (isConnected(s, actor.id) && s.state !== 'ended') throw invalidState('End your part of the chat before marking it Done.');
    if (s.kind === 'interaction' && config.disposition.required && !wrapUp.dispositionCode) {
      throw invalidInput('dispositionCode', 'Choose a disposition code and save it before Done.');
    }

    const close = (session: SessionRec) => {
      session.wrapUps.get(actor.id)!.done = true;
      session.frozen.delete(actor.id);
      ctx.touched.add(session);
      ctx.out.emit(actor.id, { type: 'session-removed', sessionId: session.id });
    };
    close(s);
    ctx.touched.add(s);
    if (s.kind === 'interaction') {
      for (const id of s.consultations) {
        const c = st.sessions.get(id);
        const w = c?.wrapUps.get(actor.id);
        if (c && w && !w.done && (c.state === 'ended' || !isConnected(c, actor.id))) close(c);
      }
      startAfterCallWork(ctx, actor.id, now);
    }
  },

  'set-presence'(ctx, actor, cmd) {
    if (cmd.channel === 'chat') ctx.st.afterCallWork.delete(actor.id);
    setPresence(ctx, actor.id, cmd.channel, cmd.state);
  },
};
