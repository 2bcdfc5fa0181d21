import type { ChatEvent, DirectoryTarget, SessionId, SessionView } from '../engine/types.js';
import { createDirectoryIndex, search } from '../directory/search.js';
import { MAX_DIRECTORY_PAGE, MAX_DIRECTORY_QUERY_LENGTH, type DirectoryQuery } from '../protocol/directory.js';
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

/** Every target `actor` can list (empty query, page by page), up to `cap`; undefined when there are more. */
async function listAll(actor: Actor, cap: number): Promise<{ targets: DirectoryTarget[]; total: number } | undefined> {
  const targets: DirectoryTarget[] = [];
  let total = 0;
  do {
    const page = await actor.search({ query: '', offset: targets.length, limit: MAX_DIRECTORY_PAGE }, `list the directory from ${targets.length}`);
    equal(page.offset, targets.length, 'the offset a page answers');
    total = page.total;
    if (total > cap) return undefined;
    check(page.targets.length > 0 || targets.length >= total, `a page from ${targets.length} was empty although ${total} targets match`);
    targets.push(...page.targets);
  } while (targets.length < total);
  return { targets, total };
}

const ids = (targets: readonly DirectoryTarget[]) => targets.map((t) => t.id);

/** Kate's voice presence in Jim's first result for her name (which must be her). */
function kateForJimBefore(page: { targets: DirectoryTarget[] }): string {
  const first = page.targets[0];
  equal(first?.id, 'kate', "Jim's first result for Kate's name");
  check(first?.kind === 'agent', 'Kate is listed as an agent');
  return first.presence.voice;
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

      // Jim follows Kate (a favourite, say): he hears her presence on presence$, she in her own stream.
      await jim.watch(['kate'], 'watch Kate');
      const isPresence = (event: ChatEvent) => event.type === 'presence-updated' && event.userId === 'kate' && event.channel === 'chat' && event.state === 'not-ready';
      await kate.expectOk({ type: 'set-presence', channel: 'chat', state: 'not-ready' }, 'set Not Ready');
      await Promise.all([
        kate.log.waitFor('her own presence change', isPresence),
        jim.log.waitForPresence("Kate's presence change", (c) => c.userId === 'kate' && c.channel === 'chat' && c.state === 'not-ready'),
      ]);
      check(!avril.log.events.some((s) => s.event.type === 'presence-updated'), 'the contact received an agent presence change');
      check(avril.log.presence.length === 0, 'the contact heard an agent presence change on presence$');
      await run.finish('avril');
    },
  },
  {
    name: 'directory search: ranked like the Team Communicator, paged, filtered, with presence, the user never listed, bad input refused',
    async run(run, settings) {
      const kate = await run.connect('kate');
      const jim = await run.connect('jim');
      const everything = await listAll(kate, 5000);
      if (everything) {
        check(!everything.targets.some((t) => t.id === 'kate'), 'Kate is listed in her own directory search');
        equal(everything.targets.length, everything.total, 'the targets listed against the total');
        check(everything.targets.some((t) => t.id === 'jim'), 'Jim is not in the directory Kate lists');
        check(everything.targets.some((t) => t.id === settings.queueId), `the queue ${settings.queueId} is not in the directory Kate lists`);
      }
      const jimEntry = (await kate.search({ query: run.name('jim'), filter: 'agent' }, "Jim's name")).targets[0];
      check(jimEntry?.id === 'jim', `searching Jim's full name did not list him first (got ${JSON.stringify(jimEntry?.id)})`);
      check(jimEntry.kind === 'agent' && typeof jimEntry.presence?.chat === 'string', 'an agent in the results carries no presence');
      const own = await kate.search({ query: run.name('kate') }, 'her own name');
      check(!own.targets.some((t) => t.id === 'kate'), 'Kate is listed when she searches her own name');

      // The same ranking as the Team Communicator's index, on the directory as listed.
      if (everything) {
        const index = createDirectoryIndex(everything.targets);
        const probes: DirectoryQuery[] = [
          { query: run.name('jim') },
          { query: run.name('jim').slice(0, 2) },
          { query: run.name('jim').split(/\s+/).reverse().join(' ') },
          { query: 'a' },
          { query: '1' },
          { query: '', filter: 'queue' },
          { query: 'e', filter: 'agent', limit: 3 },
        ];
        if (jimEntry.number) probes.push({ query: jimEntry.number }, { query: jimEntry.number.slice(0, 2) });
        for (const probe of probes) {
          const page = await kate.search(probe, JSON.stringify(probe));
          const expected = search(index, probe.query, { filter: probe.filter ?? 'all', limit: probe.limit ?? 50 });
          deepEqual(ids(page.targets), ids(expected.targets), `the results for ${JSON.stringify(probe)}`);
          equal(page.total, expected.total, `the total for ${JSON.stringify(probe)}`);
        }
      }

      // Paging: two pages of two are the first four.
      const four = await kate.search({ query: '', limit: 4 }, 'the first four');
      const first = await kate.search({ query: '', limit: 2 }, 'page 1 of 2');
      const second = await kate.search({ query: '', limit: 2, offset: 2 }, 'page 2 of 2');
      equal(second.offset, 2, "the second page's offset");
      deepEqual([...ids(first.targets), ...ids(second.targets)], ids(four.targets), 'two pages of two against one page of four');
      equal(first.total, four.total, 'the total whatever the page');
      const beyond = await kate.search({ query: '', offset: four.total + 10 }, 'past the end');
      equal(beyond.targets.length, 0, 'targets listed past the end');

      // Filters list only their kind.
      const queues = await kate.search({ query: '', filter: 'queue', limit: MAX_DIRECTORY_PAGE }, 'queues');
      check(queues.targets.every((t) => t.kind === 'queue'), `the queue filter listed ${JSON.stringify(queues.targets.filter((t) => t.kind !== 'queue').map((t) => t.id))}`);
      check(queues.total > MAX_DIRECTORY_PAGE || queues.targets.some((t) => t.id === settings.queueId), `the queue filter did not list ${settings.queueId}`);
      const agents = await kate.search({ query: '', filter: 'agent', limit: MAX_DIRECTORY_PAGE }, 'agents');
      check(agents.targets.every((t) => t.kind === 'agent'), 'the agent filter listed something else');

      // Jim does see Kate, with her presence as it is now.
      const voice = kateForJimBefore(await jim.search({ query: run.name('kate') }, "Kate's name"));
      const changed = voice === 'not-ready' ? 'ready' : 'not-ready';
      const mark = kate.log.mark();
      await kate.expectOk({ type: 'set-presence', channel: 'voice', state: changed }, 'change her voice presence');
      await kate.log.waitFor('her own presence change', (e) => e.type === 'presence-updated' && e.userId === 'kate' && e.channel === 'voice' && e.state === changed, mark);
      const after = (await jim.search({ query: run.name('kate') }, "Kate's name after her change")).targets[0];
      check(after?.kind === 'agent' && after.presence.voice === changed, `Jim's result for Kate does not carry her new voice presence ${changed}`);

      // Bad input is refused with invalid-input, and the next search works.
      const bad: [unknown, string][] = [
        [{ query: 'x'.repeat(MAX_DIRECTORY_QUERY_LENGTH + 1) }, 'an over-long query'],
        [{ query: '', filter: 'contact' }, 'an unknown filter'],
        [{ query: '', limit: 0 }, 'a limit of 0'],
        [{ query: '', limit: MAX_DIRECTORY_PAGE + 1 }, 'a limit over the maximum'],
        [{ query: '', offset: -1 }, 'a negative offset'],
        [{ query: '', limit: 2.5 }, 'a fractional limit'],
        [{ query: 42 }, 'a query that is a number'],
        [{}, 'no query'],
      ];
      for (const [query, what] of bad) {
        await kate.expectRejection(() => kate.transport.searchDirectory(query as DirectoryQuery), 'invalid-input', `a search with ${what}`);
      }
      deepEqual(ids((await kate.search({ query: '', limit: 4 }, 'after the refusals')).targets), ids(four.targets), 'the first four after the refused searches');

      // The directory is the agents': a contact's search is refused.
      const avril = await run.connect('avril');
      await avril.expectRejection(() => avril.transport.searchDirectory({ query: run.name('kate') }), 'forbidden', "the contact's search");

      // Not connected: refused.
      const idle = await run.transportFor('jim');
      await jim.expectRejection(() => idle.searchDirectory({ query: 'a' }), 'not-connected', 'search before connecting');
      await run.finish('avril');
    },
  },
  {
    name: 'watch: a watcher hears the presence of the agents it watches, a non-watcher does not, and the agent hears it in their stream',
    async run(run) {
      const kate = await run.connect('kate');
      const jim = await run.connect('jim');
      const entries = await jim.watch(['no-such-target-anywhere', 'kate'], 'watch Kate and an unknown id');
      deepEqual(ids(entries), ['kate'], 'the entries a watch answers (unknown ids left out)');
      const kateEntry = entries[0]!;
      check(kateEntry.kind === 'agent' && typeof kateEntry.presence.chat === 'string', "Kate's watched entry carries no presence");
      const next = kateEntry.kind === 'agent' && kateEntry.presence.voice === 'not-ready' ? 'ready' : 'not-ready';

      const own = kate.log.mark();
      const heard = jim.log.markPresence();
      await kate.expectOk({ type: 'set-presence', channel: 'voice', state: next }, 'change her voice presence');
      await kate.log.waitFor(
        'her own presence change in her stream',
        (e) => e.type === 'presence-updated' && e.userId === 'kate' && e.channel === 'voice' && e.state === next,
        own,
      );
      await jim.log.waitForPresence("Kate's voice presence", (c) => c.userId === 'kate' && c.channel === 'voice' && c.state === next, heard);
      check(
        !jim.log.events.some((s) => s.event.type === 'presence-updated' && s.event.userId === 'kate'),
        "Kate's presence change went into Jim's ordered stream (it belongs on presence$ to watchers)",
      );
      check(kate.log.presence.length === 0, 'Kate, who watches nobody, heard a presence change');

      // A search answers the current presence too.
      const [found] = (await jim.search({ query: run.name('kate'), filter: 'agent' }, "Kate's name")).targets;
      check(found?.kind === 'agent' && found.presence.voice === next, `the search result for Kate carries voice presence ${JSON.stringify(found?.kind === 'agent' ? found.presence.voice : undefined)}, not ${next}`);

      // Jim stops watching; Kate watches Jim: only Kate hears Jim's change, and Jim no longer hears Kate's.
      await jim.watch([], 'stop watching');
      const [jimEntry] = await kate.watch(['jim'], 'watch Jim');
      check(jimEntry?.kind === 'agent', "Jim's watched entry");
      const email = jimEntry.presence.email === 'not-ready' ? 'ready' : 'not-ready';
      const jimHeard = jim.log.markPresence();
      const back = next === 'ready' ? 'not-ready' : 'ready';
      await kate.expectOk({ type: 'set-presence', channel: 'voice', state: back }, 'change her voice presence back');
      await jim.expectOk({ type: 'set-presence', channel: 'email', state: email }, 'change his email presence');
      await kate.log.waitForPresence("Jim's email presence", (c) => c.userId === 'jim' && c.channel === 'email' && c.state === email);
      // A round trip on Jim's transport: anything sent to him before it has arrived.
      await jim.search({ query: '' }, 'a round trip');
      check(jim.log.presence.length === jimHeard, `Jim heard ${JSON.stringify(jim.log.presence.slice(jimHeard))} after he stopped watching`);
      await jim.expectRejection(
        () => jim.transport.watchTargets(Array.from({ length: 501 }, (_, i) => `t${i}`)),
        'invalid-input',
        'watching more than 500 targets',
      );
      await run.finish(undefined);
    },
  },
  {
    name: 'watch after resume: the watch list holds across a reconnection and what changed meanwhile arrives',
    needs: 'resume',
    async run(run) {
      const kate = await run.connect('kate');
      const jim = await run.connect('jim');
      const [entry] = await jim.watch(['kate'], 'watch Kate');
      check(entry?.kind === 'agent', "Kate's watched entry");
      const next = entry.presence.email === 'not-ready' ? 'ready' : 'not-ready';
      const last = jim.log.position;
      check(last, 'Jim has received no events');
      await within(jim.transport.disconnect(), run.timeoutMs, 'disconnect() as jim');
      await kate.expectOk({ type: 'set-presence', channel: 'email', state: next }, 'change her email presence while Jim is away');
      const heard = jim.log.markPresence();
      await within(jim.transport.connect({ userId: 'jim', resumeFrom: { epoch: last.epoch, position: last.position } }), run.timeoutMs, 'connect() as jim with resumeFrom');
      await jim.log.waitForPresence("Kate's email presence, changed while he was away", (c) => c.userId === 'kate' && c.channel === 'email' && c.state === next, heard);
      await run.finish(undefined);
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
