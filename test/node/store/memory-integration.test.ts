import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMemoryContactCenter, SEED_CHAT } from '../../../src/transport/memory/index.js';
import { createWorkspaceStore } from '../../../src/store/store.js';
import * as S from '../../../src/store/selectors.js';
import type { WorkspaceStore } from '../../../src/store/types.js';

const texts = (store: WorkspaceStore, sessionId: string) =>
  S.selectTranscript(sessionId)(store.state).map((i) => (i.kind === 'entry' ? i.entry.text : `(pending) ${i.pending.text}`));

test('stores on the memory transport play the seed conference end to end, through a dropped connection', async (t) => {
  const center = createMemoryContactCenter({ clock: 'virtual' });
  t.after(() => center.dispose());
  const store = (id: string) => createWorkspaceStore({ transport: center.transport(), user: { id } });
  const kate = store('kate');
  const jim = store('jim');
  const avril = store('avril');
  await Promise.all([kate.connect(), jim.connect(), avril.connect()]);
  await center.settle();
  assert.equal(kate.state.loaded, true);
  assert.equal(kate.state.connection.status, 'connected');

  await avril.dispatch({ type: 'start-chat', subject: SEED_CHAT.subject, caseData: { ...SEED_CHAT.caseData } });
  await center.settle();
  // The seeded Chat Support queue routes to Kate, the first Ready member.
  const [offer] = S.selectIncomingInvitations(kate.state);
  assert.equal(offer?.kind, 'chat');
  assert.equal(offer?.from.name, 'Avril Mai');

  assert.equal((await kate.dispatch({ type: 'accept-invitation', invitationId: offer!.id })).ok, true);
  await center.settle();
  const chat = offer!.sessionId;
  let vm = S.selectInteraction(chat)(kate.state)!;
  assert.equal(vm.owner, true);
  assert.equal(vm.contact?.state, 'connected');
  assert.equal(vm.canConference, true);
  assert.deepEqual(texts(kate, chat), ['Agent will be with you shortly', "New party 'Kate Lewis' has joined the session"]);

  const sent = kate.dispatch({ type: 'send-message', sessionId: chat, text: 'Hello, how can I help you today?' });
  assert.deepEqual(texts(kate, chat).at(-1), '(pending) Hello, how can I help you today?');
  assert.equal((await sent).ok, true);
  await center.settle();
  assert.deepEqual(kate.state.pending, {});
  assert.equal(texts(kate, chat).filter((x) => x.endsWith('Hello, how can I help you today?')).length, 1);
  const seenByAvril = S.selectTranscript(chat)(avril.state).at(-1)!;
  assert.equal(seenByAvril.kind === 'entry' && !seenByAvril.own && seenByAvril.entry.text, 'Hello, how can I help you today?');

  await kate.dispatch({ type: 'invite', sessionId: chat, kind: 'conference', targetId: 'jim' });
  await center.settle();
  assert.deepEqual(
    S.selectInteraction(chat)(kate.state)!.parties.map((p) => `${p.name}:${p.state}`),
    ['Avril Mai:connected', 'Kate Lewis:connected', 'Jim Miller:invited'],
  );
  const [conference] = S.selectIncomingInvitations(jim.state);
  assert.equal(conference?.kind, 'conference');
  assert.equal(conference?.subject, 'Help with on line purchase');
  await jim.dispatch({ type: 'accept-invitation', invitationId: conference!.id });
  await center.settle();
  assert.ok(texts(jim, chat).includes('Hello, how can I help you today?'), 'the conferenced agent gets the whole transcript');
  assert.ok(texts(kate, chat).includes("New party 'Jim Miller' has joined the session"));

  // Kate's network drops; what she missed arrives once, in order, when it comes back.
  center.dropConnection('kate', { restoreAfterMs: 1000 });
  await center.settle();
  assert.equal(kate.state.connection.status, 'reconnecting');
  await avril.dispatch({ type: 'send-message', sessionId: chat, text: 'There seems to be an issue with my credit card.' });
  await jim.dispatch({ type: 'send-message', sessionId: chat, text: 'OK, I can take care of that' });
  await center.advance(1000);
  assert.equal(kate.state.connection.status, 'connected');
  assert.deepEqual(texts(kate, chat).slice(-2), ['There seems to be an issue with my credit card.', 'OK, I can take care of that']);
  assert.deepEqual(texts(kate, chat), texts(jim, chat));

  // Kate ends: the interaction moves to Jim and Kate wraps up.
  await kate.dispatch({ type: 'leave', sessionId: chat });
  await center.settle();
  vm = S.selectInteraction(chat)(kate.state)!;
  assert.equal(vm.myState, 'ended');
  assert.equal(vm.canWrapUp, true);
  assert.equal(S.selectInteraction(chat)(jim.state)!.owner, true);
  assert.equal(S.selectInteraction(chat)(avril.state)!.canSend, true);

  for (const s of [kate, jim, avril]) s.destroy();
});
