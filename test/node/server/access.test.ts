import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatEvent } from '../../../src/engine/types.js';
import { activeChat, assertConsecutive, Client, entryTexts, startServer, SUBJECT, type StreamFrame, type TestServer } from './helpers.js';

/** Every session id an event names, for checking what a user was told about. */
function sessionIdsIn(event: ChatEvent): string[] {
  switch (event.type) {
    case 'snapshot':
      return event.snapshot.sessions.map((s) => s.id);
    case 'session-added':
      return [event.session.id];
    case 'invitation-updated':
      return [event.invitation.sessionId, ...(event.invitation.consultationId ? [event.invitation.consultationId] : [])];
    case 'session-updated':
    case 'session-removed':
    case 'party-updated':
    case 'entry-added':
    case 'typing':
    case 'wrap-up-updated':
      return [event.sessionId];
    default:
      return [];
  }
}

const mentions = (frames: StreamFrame[], sessionId: string) => frames.filter((f) => sessionIdsIn(f.event).includes(sessionId));

describe('the seed conference over three connections', () => {
  let t: TestServer;
  before(async () => {
    t = await startServer();
  });
  after(() => t.close());

  it('Avril, Kate and Jim play "Starting an instant chat conference", each seeing what they may', async () => {
    const avril = await Client.signIn(t.server, 'avril');
    const kate = await Client.signIn(t.server, 'kate');
    const jim = await Client.signIn(t.server, 'jim');

    const sessionId = await activeChat(avril, kate);
    await kate.ok({ type: 'send-message', sessionId, text: 'Hello, how can I help you today?' });
    await avril.ok({ type: 'send-message', sessionId, text: 'I am having an issue making an on line purchase.' });
    await kate.ok({ type: 'send-message', sessionId, text: 'Card declined twice', visibility: 'agents' });

    const { invitationId } = await kate.ok({ type: 'invite', sessionId, kind: 'conference', targetId: 'jim' });
    const preview = await jim.waitFor(
      (f) => f.type === 'event' && f.event.type === 'invitation-updated' && f.event.invitation.id === invitationId,
      'the conference preview',
    );
    assert.ok(preview.type === 'event' && preview.event.type === 'invitation-updated');
    assert.equal(preview.event.invitation.subject, SUBJECT);
    assert.equal(preview.event.invitation.from.name, 'Kate Lewis');

    await jim.ok({ type: 'accept-invitation', invitationId: invitationId! });
    const added = await jim.waitFor((f) => f.type === 'event' && f.event.type === 'session-added', 'the joined session');
    assert.ok(added.type === 'event' && added.event.type === 'session-added');
    assert.deepEqual(
      added.event.session.transcript.map((e) => e.text),
      [
        'Agent will be with you shortly',
        "New party 'Kate Lewis' has joined the session",
        'Hello, how can I help you today?',
        'I am having an issue making an on line purchase.',
        'Card declined twice',
        "New party 'Jim Miller' has joined the session",
      ],
    );
    await jim.ok({ type: 'send-message', sessionId, text: 'OK, I can take care of that' });
    await kate.ok({ type: 'leave', sessionId });
    await avril.ok({ type: 'send-message', sessionId, text: 'Thank you!' });
    await Promise.all([avril.sync(), kate.sync(), jim.sync()]);

    assert.deepEqual(entryTexts(avril.events, sessionId), [
      'Agent will be with you shortly',
      "New party 'Kate Lewis' has joined the session",
      'Hello, how can I help you today?',
      'I am having an issue making an on line purchase.',
      "New party 'Jim Miller' has joined the session",
      'OK, I can take care of that',
      "Party 'Kate Lewis' has left the session",
      'Thank you!',
    ]);
    assert.ok(entryTexts(kate.events, sessionId).includes('Card declined twice'));
    assert.equal(entryTexts(jim.events, sessionId).at(-1), 'Thank you!');
    const transferred = jim.events.filter((f) => f.event.type === 'session-updated').at(-1);
    assert.ok(transferred?.event.type === 'session-updated' && transferred.event.ownerId === 'jim', 'automatic transfer to Jim');
    for (const client of [avril, kate, jim]) {
      assert.equal(client.events[0]?.event.type, 'snapshot');
      assertConsecutive(client.events);
    }
    await Promise.all([avril.close(), kate.close(), jim.close()]);
  });
});

describe('who may see and do what', () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startServer();
  });
  afterEach(() => t.close());

  it('refuses agent commands from a contact as forbidden, changing nothing', async () => {
    const avril = await Client.signIn(t.server, 'avril');
    const kate = await Client.signIn(t.server, 'kate');
    const sessionId = await activeChat(avril, kate);
    await kate.sync();
    const seenByKate = kate.events.length;
    for (const command of [
      { type: 'invite', sessionId, kind: 'conference', targetId: 'jim' },
      { type: 'remove-party', sessionId, userId: 'kate' },
      { type: 'set-presence', channel: 'chat', state: 'not-ready' },
      { type: 'mark-done', sessionId },
    ] as const) {
      const result = await avril.command(command);
      assert.equal(!result.ok && result.error.code, 'forbidden', command.type);
    }
    const agentOnly = await avril.command({ type: 'send-message', sessionId, text: 'psst', visibility: 'agents' });
    assert.equal(agentOnly.ok, false, 'a contact cannot write agents-only entries');
    await kate.sync();
    assert.equal(kate.events.length, seenByKate, 'nothing happened for Kate');
    await Promise.all([avril.close(), kate.close()]);
  });

  it('answers not-a-party to an agent acting on a session they are not in; outsiders hear nothing of it', async () => {
    const noah = await Client.signIn(t.server, 'noah');
    const kate = await Client.signIn(t.server, 'kate');
    const maria = await Client.signIn(t.server, 'maria');
    const ines = await Client.signIn(t.server, 'ines');
    const sessionId = await activeChat(noah, kate);

    const result = await maria.command({ type: 'send-message', sessionId, text: 'Hi, I am not in this chat' });
    assert.equal(!result.ok && result.error.code, 'not-a-party');
    const invite = await maria.command({ type: 'invite', sessionId, kind: 'transfer', targetId: 'jim' });
    assert.equal(!invite.ok && invite.error.code, 'not-a-party');
    const contactOutsider = await ines.command({ type: 'send-message', sessionId, text: 'Hello?' });
    assert.equal(!contactOutsider.ok && contactOutsider.error.code, 'not-a-party');

    await kate.ok({ type: 'send-message', sessionId, text: 'Only for Noah' });
    await Promise.all([maria.sync(), ines.sync(), noah.sync()]);
    assert.deepEqual(mentions(maria.events, sessionId), [], 'Maria is told nothing about a chat she is not in');
    assert.deepEqual(mentions(ines.events, sessionId), [], 'nor is another contact');
    assert.ok(!entryTexts(noah.events).includes('Hi, I am not in this chat'));
    assert.equal(entryTexts(noah.events, sessionId).at(-1), 'Only for Noah');
    await Promise.all([noah.close(), kate.close(), maria.close(), ines.close()]);
  });

  it('never sends the contact agents-only entries or anything of a consultation', async () => {
    const avril = await Client.signIn(t.server, 'avril');
    const kate = await Client.signIn(t.server, 'kate');
    const jim = await Client.signIn(t.server, 'jim');
    const sessionId = await activeChat(avril, kate);
    await kate.ok({ type: 'send-message', sessionId, text: 'Agents only: card declined twice', visibility: 'agents' });
    const { sessionId: consultationId, invitationId } = await kate.ok({ type: 'invite', sessionId, kind: 'consultation', targetId: 'jim' });
    assert.ok(consultationId && invitationId);
    await jim.waitFor((f) => f.type === 'event' && f.event.type === 'invitation-updated', 'the consultation invitation');
    await jim.ok({ type: 'accept-invitation', invitationId });
    await jim.ok({ type: 'send-message', sessionId: consultationId, text: 'Consultation: what is the order number?' });
    await kate.ok({ type: 'send-message', sessionId: consultationId, text: 'Consultation: 000205' });
    await kate.ok({ type: 'invite', sessionId, kind: 'conference', targetId: 'jim', consultationId });
    const conference = await jim.waitFor(
      (f) => f.type === 'event' && f.event.type === 'invitation-updated' && f.event.invitation.kind === 'conference',
      'the conference invitation',
    );
    assert.ok(conference.type === 'event' && conference.event.type === 'invitation-updated');
    await jim.ok({ type: 'accept-invitation', invitationId: conference.event.invitation.id });
    await jim.ok({ type: 'send-message', sessionId, text: 'Hello Ms. Mai' });
    await Promise.all([avril.sync(), kate.sync(), jim.sync()]);

    assert.ok(entryTexts(kate.events).includes('Consultation: 000205'), 'the agents see the consultation');
    assert.deepEqual(mentions(avril.events, consultationId), [], 'the contact hears nothing of the consultation');
    const avrilText = JSON.stringify(avril.events);
    assert.ok(!avrilText.includes('Agents only'), 'no agents-only entry reaches the contact');
    assert.ok(!avrilText.includes('Consultation:'), 'no consultation text reaches the contact');
    assert.ok(avril.events.every((f) => f.event.type !== 'invitation-updated'), 'the contact sees no invitation');
    assert.equal(entryTexts(avril.events, sessionId).at(-1), 'Hello Ms. Mai');
    await Promise.all([avril.close(), kate.close(), jim.close()]);
  });

  it('shows the contact only agents who connected: never one ringing, even one who had joined before', async () => {
    const avril = await Client.signIn(t.server, 'avril');
    const kate = await Client.signIn(t.server, 'kate');
    const jim = await Client.signIn(t.server, 'jim');
    const sessionId = await activeChat(avril, kate);
    const ringing = async () => {
      const { invitationId } = await kate.ok({ type: 'invite', sessionId, kind: 'conference', targetId: 'jim' });
      await jim.waitFor((f) => f.type === 'event' && f.event.type === 'invitation-updated' && f.event.invitation.id === invitationId, 'the invitation');
      return invitationId!;
    };
    await jim.ok({ type: 'accept-invitation', invitationId: await ringing() });
    await jim.ok({ type: 'leave', sessionId });
    await ringing(); // Jim rings again, having been connected once
    await Promise.all([avril.sync(), kate.sync()]);
    const jimAsKateSees = kate.events.flatMap((f) => (f.event.type === 'party-updated' && f.event.party.userId === 'jim' ? [f.event.party.state] : []));
    assert.equal(jimAsKateSees.at(-1), 'invited', 'the agents see Jim ringing');
    const again = await Client.signIn(t.server, 'avril'); // a fresh snapshot too
    const shownToAvril = [...avril.events, ...again.events].flatMap(({ event }) => {
      if (event.type === 'party-updated') return [event.party];
      if (event.type === 'snapshot') return event.snapshot.sessions.flatMap((s) => s.parties);
      if (event.type === 'session-added') return event.session.parties;
      return [];
    });
    assert.ok(shownToAvril.some((p) => p.userId === 'jim' && p.state === 'connected'), 'Avril saw Jim once he connected');
    assert.deepEqual(shownToAvril.filter((p) => p.role === 'agent' && !['connected', 'left', 'removed'].includes(p.state)), [], 'never a ringing agent');
    await Promise.all([avril.close(), again.close(), kate.close(), jim.close()]);
  });

  it('never tells the contact that an agent is typing an agents-only note', async () => {
    const avril = await Client.signIn(t.server, 'avril');
    const kate = await Client.signIn(t.server, 'kate');
    const jim = await Client.signIn(t.server, 'jim');
    const sessionId = await activeChat(avril, kate);
    const { invitationId } = await kate.ok({ type: 'invite', sessionId, kind: 'conference', targetId: 'jim' });
    await jim.waitFor((f) => f.type === 'event' && f.event.type === 'invitation-updated', 'the invitation');
    await jim.ok({ type: 'accept-invitation', invitationId: invitationId! });
    await kate.ok({ type: 'set-typing', sessionId, typing: true, visibility: 'agents' });
    await kate.ok({ type: 'send-message', sessionId, text: 'Note: card declined twice', visibility: 'agents' });
    await kate.ok({ type: 'set-typing', sessionId, typing: false, visibility: 'agents' });
    await Promise.all([avril.sync(), jim.sync()]);
    assert.deepEqual(jim.events.filter((f) => f.event.type === 'typing').map((f) => f.event.type === 'typing' && f.event.typing), [true, false]);
    assert.deepEqual(avril.events.filter((f) => f.event.type === 'typing'), [], 'Avril sees no one typing');
    await kate.ok({ type: 'set-typing', sessionId, typing: true });
    await avril.waitFor((f) => f.type === 'event' && f.event.type === 'typing' && f.event.typing, 'typing for everyone');
    await Promise.all([avril.close(), kate.close(), jim.close()]);
  });

  it('streams the same events to every connection of one user (two tabs)', async () => {
    const kateTab1 = await Client.signIn(t.server, 'kate');
    const kateTab2 = await Client.signIn(t.server, 'kate');
    const contact = await Client.signIn(t.server, 'ines');
    const sessionId = await activeChat(contact, kateTab1);
    await contact.ok({ type: 'send-message', sessionId, text: 'Seen in both tabs' });
    await Promise.all([kateTab1.sync(), kateTab2.sync()]);
    const after = (client: Client) => client.events.slice(1).map((f) => [f.position, f.event.type]);
    assert.ok(after(kateTab1).length > 0);
    assert.deepEqual(after(kateTab2), after(kateTab1));
    assert.equal(entryTexts(kateTab2.events, sessionId).at(-1), 'Seen in both tabs');
    await Promise.all([kateTab1.close(), kateTab2.close(), contact.close()]);
  });
});
