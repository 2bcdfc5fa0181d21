import type { ChatEvent, SessionId, SessionView } from '../engine/types.js';
import { check, deepEqual, equal, within } from './assert.js';
import type { Actor } from './collector.js';
import {
  ScenarioRun,
  isInvitation,
  isMessage,
  isNotice,
  isParty,
  isSessionAdded,
  isSessionRemoved,
  isSessionState,
  messages,
} from './run.js';
import type { ConformanceCapability } from './types.js';

export interface ScenarioSettings {
  queueId: string;
  routingPointId: string;
}

export interface Scenario {
  name: string;
  needs?: ConformanceCapability;
  run(run: ScenarioRun, settings: ScenarioSettings): Promise<void>;
}

const SUBJECT = 'Help with on line purchase';
const CASE_DATA = { Order: '000205', Channel: 'Web' };
type SessionAdded = Extract<ChatEvent, { type: 'session-added' }>;
type InvitationUpdated = Extract<ChatEvent, { type: 'invitation-updated' }>;

const joined = (name: string) => `New party '${name}' has joined the session`;
const left = (name: string) => `Party '${name}' has left the session`;

interface Chat {
  sessionId: SessionId;
  avril: Actor;
  kate: Actor;
  /** Kate's view of the session when she joined. */
  session: SessionView;
}

/** Avril starts the seed chat through the queue; Kate is offered it and accepts. */
async function startChat(run: ScenarioRun, settings: ScenarioSettings): Promise<Chat> {
  const kate = await run.connect('kate');
  const avril = await run.connect('avril');
  const value = await avril.expectOk(
    { type: 'start-chat', subject: SUBJECT, caseData: CASE_DATA, targetId: settings.queueId },
    'start a chat',
  );
  const offer = await kate.log.waitFor<InvitationUpdated>('the chat offered to her', isInvitation('chat', 'pending', 'kate'));
  const sessionId = offer.invitation.sessionId;
  if (value?.sessionId !== undefined) equal(value.sessionId, sessionId, 'the session id start-chat answered');
  equal(offer.invitation.subject, SUBJECT, 'the offered chat subject');
  await kate.expectOk({ type: 'accept-invitation', invitationId: offer.invitation.id }, 'accept the chat');
  const added = await kate.log.waitFor<SessionAdded>('the chat session after accepting', isSessionAdded(sessionId));
  equal(added.session.kind, 'interaction', "the accepted session's kind");
  deepEqual(added.session.caseData, CASE_DATA, "the session's case data");
  await avril.log.waitFor(`the notice that Kate joined`, isNotice(sessionId, 'party-joined', joined(run.name('kate'))));
  return { sessionId, avril, kate, session: added.session };
}

/** Kate conferences Jim in and Jim accepts; returns Jim and his view of the session. */
async function conferenceJim(run: ScenarioRun, chat: Chat, target = 'jim'): Promise<{ jim: Actor; session: SessionView }> {
  const jim = await run.connect('jim');
  const { sessionId, kate, avril } = chat;
  await kate.expectOk({ type: 'invite', sessionId, kind: 'conference', targetId: target }, 'invite Jim to a conference');
  const preview = await jim.log.waitFor<InvitationUpdated>(
    'the conference request preview',
    isInvitation('conference', 'pending', 'jim', sessionId),
  );
  equal(preview.invitation.subject, SUBJECT, "the preview's subject");
  equal(preview.invitation.origin, chat.session.origin, "the preview's origin");
  deepEqual(preview.invitation.caseData, CASE_DATA, "the preview's case data");
  equal(preview.invitation.from.id, 'kate', "the preview's initiator");
  await kate.log.waitFor('Jim ringing as a party', isParty(sessionId, 'jim', 'invited'));
  const from = jim.log.mark();
  await jim.expectOk({ type: 'accept-invitation', invitationId: preview.invitation.id }, 'accept the conference');
  const added = await jim.log.waitFor<SessionAdded>('the session after accepting', isSessionAdded(sessionId), from);
  const notice = isNotice(sessionId, 'party-joined', joined(run.name('jim')));
  await Promise.all([
    kate.log.waitFor('the notice that Jim joined', notice),
    avril.log.waitFor('the notice that Jim joined', notice),
  ]);
  return { jim, session: added.session };
}

/** `from` says something and every actor in `to` sees it. */
async function say(from: Actor, sessionId: SessionId, text: string, to: Actor[], visibility?: 'agents'): Promise<void> {
  await from.expectOk({ type: 'send-message', sessionId, text, ...(visibility ? { visibility } : {}) }, `send "${text}"`);
  await Promise.all(to.map((actor) => actor.log.waitFor(`the message "${text}"`, isMessage(sessionId, text))));
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'lesson: starting an instant chat conference (conference, shared transcript, automatic transfer on End)',
    async run(run, settings) {
      const chat = await startChat(run, settings);
      const { sessionId, avril, kate } = chat;
      await say(kate, sessionId, 'Hello, how can I help you today?', [avril, kate]);
      await say(avril, sessionId, 'I am having an issue making an on line purchase.', [kate]);
      await say(kate, sessionId, 'Let me contact my associate about that.', [avril]);
      const { jim, session } = await conferenceJim(run, chat);
      const texts = messages(session).map((m) => m.text);
      for (const text of ['Hello, how can I help you today?', 'I am having an issue making an on line purchase.', 'Let me contact my associate about that.']) {
        check(texts.includes(text), `Jim's transcript lacks "${text}" (it has ${JSON.stringify(texts)})`);
      }
      await say(jim, sessionId, 'Hello, how can I help you today?', [avril, kate]);
      await say(kate, sessionId, 'Ms. Mai is having an issue with her credit card.', [avril, jim]);
      await kate.expectOk({ type: 'leave', sessionId }, 'End');
      await avril.log.waitFor('the notice that Kate left', isNotice(sessionId, 'party-left', left(run.name('kate'))));
      await jim.log.waitFor(
        'the interaction transferred to him (owner jim)',
        (e) => e.type === 'session-updated' && e.sessionId === sessionId && e.ownerId === 'jim' && e.state === 'active',
      );
      await say(jim, sessionId, 'OK, I can take care of that', [avril]);
      await run.finish('avril');
    },
  },
  {
    name: 'lesson: receiving a chat conference (preview, whole transcript, remaining connected)',
    async run(run, settings) {
      const chat = await startChat(run, settings);
      const { sessionId, avril, kate } = chat;
      await say(kate, sessionId, 'Hello, how can I help you today?', [avril]);
      await say(kate, sessionId, 'Card declined twice; asking Jim.', [kate], 'agents');
      const { jim, session } = await conferenceJim(run, chat);
      const note = session.transcript.find((entry) => entry.text === 'Card declined twice; asking Jim.');
      check(note && note.visibility === 'agents', "Jim's transcript lacks Kate's agents-only entry");
      const states = Object.fromEntries(session.parties.map((p) => [p.userId, p.state]));
      deepEqual(
        { avril: states.avril, kate: states.kate, jim: states.jim },
        { avril: 'connected', kate: 'connected', jim: 'connected' },
        "party states in Jim's session",
      );
      await say(jim, sessionId, 'Hello, how can I help you today?', [avril, kate]);
      await say(avril, sessionId, 'There seems to be an issue with my credit card.', [kate, jim]);
      await kate.expectOk({ type: 'leave', sessionId }, 'End (the conferencing agent releases the chat)');
      await jim.log.waitFor('the notice that Kate left', isNotice(sessionId, 'party-left', left(run.name('kate'))));
      await say(jim, sessionId, 'I can help you with that.', [avril]);
      await jim.expectOk({ type: 'leave', sessionId }, 'End the chat');
      await jim.log.waitFor('his own party shown as left (Ended)', isParty(sessionId, 'jim', 'left'));
      await avril.log.waitFor('the interaction ended after the last agent left', isSessionState(sessionId, 'ended'));
      await run.finish('avril');
    },
  },
  {
    name: 'lesson: starting a chat conference with an active consultation',
    needs: 'consultation',
    async run(run, settings) {
      const chat = await startChat(run, settings);
      const { sessionId, avril, kate } = chat;
      const jim = await run.connect('jim');
      await kate.expectOk({ type: 'invite', sessionId, kind: 'consultation', targetId: 'jim' }, 'start a chat consultation');
      const offer = await jim.log.waitFor<InvitationUpdated>(
        'the consultation request',
        isInvitation('consultation', 'pending', 'jim', sessionId),
      );
      const consultationId = offer.invitation.consultationId;
      check(consultationId, 'the consultation invitation names no consultation session');
      const kateConsultation = await kate.log.waitFor<SessionAdded>('the consultation session', isSessionAdded(consultationId));
      equal(kateConsultation.session.kind, 'consultation', "the consultation's kind");
      equal(kateConsultation.session.parentId, sessionId, "the consultation's parent interaction");
      await jim.expectOk({ type: 'accept-invitation', invitationId: offer.invitation.id }, 'accept the consultation');
      await jim.log.waitFor('the consultation session', isSessionAdded(consultationId));
      await say(kate, consultationId, 'Ms. Mai has a credit card problem. Can you join?', [jim]);
      await say(jim, consultationId, 'Sure, add me.', [kate]);
      await kate.expectOk(
        { type: 'invite', sessionId, kind: 'conference', targetId: 'jim', consultationId },
        'invite the consultation peer to the interaction',
      );
      const conference = await jim.log.waitFor<InvitationUpdated>(
        'the conference request from the consultation',
        isInvitation('conference', 'pending', 'jim', sessionId),
      );
      await jim.expectOk({ type: 'accept-invitation', invitationId: conference.invitation.id }, 'accept the conference');
      await jim.log.waitFor('the interaction', isSessionAdded(sessionId));
      await avril.log.waitFor('the notice that Jim joined', isNotice(sessionId, 'party-joined', joined(run.name('jim'))));
      // Jim moved on to the interaction; for Kate, left alone in it, the consultation is over.
      await jim.log.waitFor('his consultation party shown as left', isParty(consultationId, 'jim', 'left'));
      await kate.log.waitFor('the consultation ended', isSessionState(consultationId, 'ended'));
      await kate.log.waitFor(
        'the "has left the session" notice in the consultation',
        isNotice(consultationId, 'party-left', left(run.name('jim'))),
      );
      await say(jim, sessionId, 'Hello, I can help with the card.', [avril, kate]);
      for (const agent of [kate, jim]) {
        await agent.expectOk({ type: 'mark-done', sessionId: consultationId }, 'mark the consultation done');
        await agent.log.waitFor('the consultation removed after Done', isSessionRemoved(consultationId));
      }
      await run.finish('avril');
    },
  },
  {
    name: 'reject: the conference request is released and the initiator is told',
    async run(run, settings) {
      const chat = await startChat(run, settings);
      const { sessionId, kate } = chat;
      const jim = await run.connect('jim');
      await kate.expectOk({ type: 'invite', sessionId, kind: 'conference', targetId: 'jim' }, 'invite Jim');
      const offer = await jim.log.waitFor<InvitationUpdated>('the request', isInvitation('conference', 'pending', 'jim', sessionId));
      await jim.expectOk({ type: 'reject-invitation', invitationId: offer.invitation.id }, 'reject the request');
      await kate.log.waitFor(
        'the invitation rejected',
        (e) => e.type === 'invitation-updated' && e.invitation.id === offer.invitation.id && e.invitation.state === 'rejected',
      );
      await kate.log.waitFor('Jim shown as rejected', isParty(sessionId, 'jim', 'rejected'));
      await jim.expectError({ type: 'send-message', sessionId, text: 'hello?' }, ['not-a-party', 'unknown-session'], 'Jim writing after rejecting');
      check(!jim.log.events.some((s) => isSessionAdded(sessionId)(s.event)), 'Jim received the session although he rejected');
      await run.finish('avril');
    },
  },
  {
    name: 'time-out: an unanswered conference request times out and the initiator is told',
    needs: 'time-out',
    async run(run, settings) {
      const chat = await startChat(run, settings);
      const { sessionId, kate } = chat;
      const jim = await run.connect('jim');
      await kate.expectOk({ type: 'invite', sessionId, kind: 'conference', targetId: 'jim' }, 'invite Jim');
      const offer = await jim.log.waitFor<InvitationUpdated>('the request', isInvitation('conference', 'pending', 'jim', sessionId));
      check(offer.invitation.expiresAt !== undefined, 'the ringing request has no expiresAt');
      await run.advance(run.snapshot('kate').config.inviteTimeoutMs + 1000);
      await kate.log.waitFor(
        'the invitation timed out',
        (e) => e.type === 'invitation-updated' && e.invitation.id === offer.invitation.id && e.invitation.state === 'timed-out',
      );
      await kate.log.waitFor('Jim shown as timed out', isParty(sessionId, 'jim', 'timed-out'));
      await jim.expectError(
        { type: 'accept-invitation', invitationId: offer.invitation.id },
        ['invalid-state', 'unknown-invitation'],
        'accepting after the time-out',
      );
      await run.finish('avril');
    },
  },
  {
    name: 'transfer: the target takes the interaction over and the initiator leaves',
    async run(run, settings) {
      const chat = await startChat(run, settings);
      const { sessionId, kate, avril } = chat;
      const jim = await run.connect('jim');
      await kate.expectOk({ type: 'invite', sessionId, kind: 'transfer', targetId: 'jim' }, 'transfer to Jim');
      const offer = await jim.log.waitFor<InvitationUpdated>('the transfer request', isInvitation('transfer', 'pending', 'jim', sessionId));
      await jim.expectOk({ type: 'accept-invitation', invitationId: offer.invitation.id }, 'accept the transfer');
      const added = await jim.log.waitFor<SessionAdded>('the transferred session', isSessionAdded(sessionId));
      const owner = added.session.ownerId;
      if (owner !== 'jim') {
        await jim.log.waitFor('ownership of the interaction', (e) => e.type === 'session-updated' && e.sessionId === sessionId && e.ownerId === 'jim');
      }
      await kate.log.waitFor('her own party left', isParty(sessionId, 'kate', 'left'));
      await say(jim, sessionId, 'Hello, Jim here. I will take it from here.', [avril]);
      await kate.expectError({ type: 'send-message', sessionId, text: 'still here?' }, ['not-a-party', 'invalid-state'], 'Kate writing after the transfer');
      await run.finish('avril');
    },
  },
  {
    name: 'queues: a conference to a queue is routed to a Ready agent of it',
    needs: 'queues',
    async run(run, settings) {
      const chat = await startChat(run, settings);
      const { jim } = await conferenceJim(run, chat, settings.queueId);
      await say(jim, chat.sessionId, 'Hello from the queue.', [chat.avril, chat.kate]);
      await run.finish('avril');
    },
  },
  {
    name: 'routing points: a conference to a routing point is routed to a Ready agent of it',
    needs: 'routing-points',
    async run(run, settings) {
      const chat = await startChat(run, settings);
      const { jim } = await conferenceJim(run, chat, settings.routingPointId);
      await say(jim, chat.sessionId, 'Hello from the routing point.', [chat.avril, chat.kate]);
      await run.finish('avril');
    },
  },
  {
    name: 'Delete From Conference: an agent removes another agent party',
    async run(run, settings) {
      const chat = await startChat(run, settings);
      const { sessionId, kate, avril } = chat;
      const { jim } = await conferenceJim(run, chat);
      await kate.expectOk({ type: 'remove-party', sessionId, userId: 'jim' }, 'Delete From Conference');
      await kate.log.waitFor('Jim shown as removed', isParty(sessionId, 'jim', 'removed'));
      await avril.log.waitFor('the notice that Jim left', isNotice(sessionId, 'party-left', left(run.name('jim'))));
      await jim.expectError({ type: 'send-message', sessionId, text: 'am I still here?' }, ['not-a-party', 'invalid-state'], 'Jim writing after removal');
      await say(kate, sessionId, 'Back to the two of us.', [avril]);
      await run.finish('avril');
    },
  },
  {
    name: 'disposition and Done: End, set a disposition code and note, Done removes the interaction',
    async run(run, settings) {
      const chat = await startChat(run, settings);
      const { sessionId, kate, avril } = chat;
      await say(kate, sessionId, 'Your card is fixed.', [avril]);
      await kate.expectOk({ type: 'leave', sessionId }, 'End');
      await kate.log.waitFor('her own party shown as left (Ended)', isParty(sessionId, 'kate', 'left'));
      await avril.log.waitFor('the interaction ended', isSessionState(sessionId, 'ended'));
      const codes = run.snapshot('kate').config.disposition.codes;
      const code = codes[0]?.id;
      await kate.expectError(
        { type: 'set-disposition', sessionId, dispositionCode: 'no-such-code-in-any-config' },
        'invalid-input',
        'an unknown disposition code',
      );
      await kate.expectOk(
        { type: 'set-disposition', sessionId, note: 'Card replaced', ...(code ? { dispositionCode: code } : {}) },
        'Save the disposition',
      );
      await kate.log.waitFor(
        'the saved disposition',
        (e) => e.type === 'wrap-up-updated' && e.sessionId === sessionId && e.wrapUp.note === 'Card replaced' && e.wrapUp.dispositionCode === code,
      );
      await kate.expectOk({ type: 'mark-done', sessionId }, 'Done');
      await kate.log.waitFor('the interaction removed after Done', isSessionRemoved(sessionId));
      await run.finish('avril');
    },
  },
  {
    name: 'typing and presence: the other parties see who is typing, and agents see presence changes',
    async run(run, settings) {
      const chat = await startChat(run, settings);
      const { sessionId, kate, avril } = chat;
      const jim = await run.connect('jim');
      const isTyping = (userId: string, typing: boolean) => (event: ChatEvent) =>
        event.type === 'typing' && event.sessionId === sessionId && event.user.id === userId && event.typing === typing;
      await kate.expectOk({ type: 'set-typing', sessionId, typing: true }, 'say she is typing');
      await avril.log.waitFor("Kate's typing indicator", isTyping('kate', true));
      await kate.expectOk({ type: 'set-typing', sessionId, typing: false }, 'say she stopped typing');
      await avril.log.waitFor('Kate stopping typing', isTyping('kate', false));
      await avril.expectOk({ type: 'set-typing', sessionId, typing: true }, 'say she is typing');
      await kate.log.waitFor("Avril's typing indicator", isTyping('avril', true));
      check(!jim.log.events.some((s) => s.event.type === 'typing'), 'Jim, who is not a party, received a typing event');

      const isPresence = (event: ChatEvent) => event.type === 'presence-updated' && event.userId === 'kate' && event.channel === 'chat' && event.state === 'not-ready';
      await kate.expectOk({ type: 'set-presence', channel: 'chat', state: 'not-ready' }, 'set Not Ready');
      await Promise.all([kate.log.waitFor('her own presence change', isPresence), jim.log.waitFor("Kate's presence change", isPresence)]);
      check(!avril.log.events.some((s) => s.event.type === 'presence-updated'), 'the contact received an agent presence change');
      await run.finish('avril');
    },
  },
  {
    name: 'resume: after a disconnect, exactly the missed events are delivered, in order, once',
    needs: 'resume',
    async run(run, settings) {
      const chat = await startChat(run, settings);
      const { sessionId, kate, avril } = chat;
      await say(avril, sessionId, 'Before the disconnect.', [kate]);
      const last = kate.log.position;
      check(last, 'Kate has received no events');
      await within(kate.transport.disconnect(), run.timeoutMs, 'disconnect() as kate');
      const missed = ['Missed one.', 'Missed two.', 'Missed three.'];
      for (const text of missed) await say(avril, sessionId, text, [avril]);
      const from = kate.log.mark();
      await within(
        kate.transport.connect({ userId: 'kate', resumeFrom: { epoch: last.epoch, position: last.position } }),
        run.timeoutMs,
        'connect() as kate with resumeFrom',
      );
      await kate.log.waitFor('the last missed message', isMessage(sessionId, missed[missed.length - 1]!), from);
      await say(avril, sessionId, 'After the reconnect.', [kate]);
      const after = kate.log.events.slice(from);
      check(!after.some((s) => s.event.type === 'snapshot'), 'Kate got a snapshot instead of the missed events');
      equal(after[0]?.position, last.position + 1, 'the first position after resuming');
      after.forEach((s, i) => equal(s.position, last.position + 1 + i, `position of resumed event ${i + 1}`));
      const received = after
        .map((s) => s.event)
        .filter((e): e is Extract<ChatEvent, { type: 'entry-added' }> => e.type === 'entry-added' && e.entry.kind === 'message')
        .map((e) => e.entry.text);
      deepEqual(received, [...missed, 'After the reconnect.'], 'the messages Kate received after resuming');
      await run.finish('avril');
    },
  },
  {
    name: 'errors: refused commands answer typed errors and change nothing',
    async run(run, settings) {
      const jimTransport = await run.transportFor('jim');
      const early = await within(jimTransport.send({ type: 'set-presence', channel: 'chat', state: 'ready' }), run.timeoutMs, "jim's set-presence before connect (send)");
      check(!early.ok && early.error.code === 'not-connected', `a command before connect: expected not-connected, got ${JSON.stringify(early)}`);
      const chat = await startChat(run, settings);
      const { sessionId, kate, avril } = chat;
      const jim = await run.connect('jim', jimTransport);
      await say(kate, sessionId, 'Before the errors.', [kate]);
      const lastSeq = (): number => {
        const entries = kate.log.events.flatMap((s) => (s.event.type === 'entry-added' && s.event.sessionId === sessionId ? [s.event.entry.seq] : []));
        return Math.max(...entries);
      };
      const seqBefore = lastSeq();
      const max = run.snapshot('kate').config.maxMessageLength;
      await kate.expectError({ type: 'send-message', sessionId: 'no-such-session', text: 'hi' }, 'unknown-session', 'a message to an unknown session');
      await jim.expectError({ type: 'send-message', sessionId, text: 'hi' }, 'not-a-party', 'a message from an agent who is not a party');
      await avril.expectError({ type: 'invite', sessionId, kind: 'conference', targetId: 'jim' }, 'forbidden', 'the contact inviting');
      await avril.expectError({ type: 'remove-party', sessionId, userId: 'kate' }, 'forbidden', 'the contact removing a party');
      await kate.expectError({ type: 'send-message', sessionId, text: '' }, 'invalid-input', 'an empty message');
      await kate.expectError({ type: 'send-message', sessionId, text: 'x'.repeat(max + 1) }, 'invalid-input', 'an over-long message');
      await kate.expectError({ type: 'send-message', sessionId }, 'invalid-input', 'a message without text');
      await kate.expectError({ type: 'send-message', sessionId, text: 42 }, 'invalid-input', 'a message whose text is a number');
      await kate.expectError({ type: 'teleport', sessionId }, 'invalid-command', 'an unknown command');
      await kate.expectError(null, ['invalid-command', 'invalid-input'], 'a command that is not an object');
      await kate.expectError({ type: 'accept-invitation', invitationId: 'no-such-invitation' }, 'unknown-invitation', 'accepting an unknown invitation');
      await kate.expectError({ type: 'invite', sessionId, kind: 'conference', targetId: 'nobody-here' }, 'unknown-target', 'inviting an unknown target');
      await say(kate, sessionId, 'After the errors.', [avril]);
      equal(lastSeq(), seqBefore + 1, 'the sequence number of the first entry after the refused commands');
      await run.finish('avril');
    },
  },
];
