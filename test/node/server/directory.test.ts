import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerFrame } from '../../../src/protocol/index.js';
import { Client, startServer, type TestServer } from './helpers.js';

type SearchResult = Extract<ServerFrame, { type: 'search-result' }>['result'];
type WatchResult = Extract<ServerFrame, { type: 'watch-result' }>['result'];

async function search(client: Client, id: string, query: unknown): Promise<SearchResult> {
  client.send({ type: 'search', id, query });
  const frame = await client.waitFor((f) => f.type === 'search-result' && f.id === id, `search-result ${id}`);
  assert.ok(frame.type === 'search-result');
  return frame.result;
}

async function watch(client: Client, id: string, ids: unknown): Promise<WatchResult> {
  client.send({ type: 'watch', id, ids });
  const frame = await client.waitFor((f) => f.type === 'watch-result' && f.id === id, `watch-result ${id}`);
  assert.ok(frame.type === 'watch-result');
  return frame.result;
}

const presenceFrames = (client: Client) => client.frames.filter((f) => f.type === 'presence');

describe('directory search and watch frames', () => {
  let t: TestServer;
  before(async () => {
    t = await startServer();
  });
  after(() => t.close());

  it('answers a search with one ranked page, never listing the signed-in user', async () => {
    const kate = await Client.signIn(t.server, 'kate');
    const page = await search(kate, 's1', { query: 'mi' });
    assert.ok(page.ok);
    assert.deepEqual(
      page.page.targets.map((target) => target.id),
      ['jim'],
    );
    const everyone = await search(kate, 's2', { query: '', limit: 3, offset: 1 });
    assert.ok(everyone.ok);
    assert.equal(everyone.page.offset, 1);
    assert.equal(everyone.page.targets.length, 3);
    assert.ok(everyone.page.total > 3);
    assert.ok(!everyone.page.targets.some((target) => target.id === 'kate'));
    await kate.close();
  });

  it('describes queues and routing points without their member lists, in searches and watches', async () => {
    const kate = await Client.signIn(t.server, 'kate');
    // Read the frames as sent: the protocol's validation would drop a field it does not know.
    const sent = (id: string) => kate.wire.find((f) => (f as { id?: string }).id === id) as { result: { page?: { targets: object[] }; targets?: object[] } };
    const queues = await search(kate, 'q1', { query: '', filter: 'queue' });
    const points = await search(kate, 'q2', { query: '', filter: 'routing-point' });
    assert.ok(queues.ok && points.ok);
    assert.ok(queues.page.targets.length > 0 && points.page.targets.length > 0);
    for (const id of ['q1', 'q2']) {
      const targets = sent(id).result.page!.targets;
      assert.ok(targets.length > 0);
      assert.deepEqual(targets.filter((target) => 'members' in target), [], `search ${id} sent member lists`);
    }
    const watched = await watch(kate, 'w1', [queues.page.targets[0]!.id, points.page.targets[0]!.id, 'jim']);
    assert.ok(watched.ok);
    assert.deepEqual(watched.targets.map((target) => target.kind), ['queue', 'routing-point', 'agent']);
    assert.deepEqual(sent('w1').result.targets!.map((target) => 'members' in target), [false, false, false]);
    await kate.close();
  });

  it('refuses bad searches and watch lists under their own id with invalid-input, and stays usable', async () => {
    const kate = await Client.signIn(t.server, 'kate');
    for (const [i, query] of [{ query: 'x'.repeat(201) }, { query: '', filter: 'contact' }, { query: '', limit: 101 }, { query: '', offset: -2 }, 'jim', { query: '', extra: 1 }].entries()) {
      const result = await search(kate, `bad-${i}`, query);
      assert.equal(!result.ok && result.error.code, 'invalid-input', JSON.stringify(query));
      assert.ok(!result.ok && result.error.message.length > 10);
    }
    const tooMany = await watch(kate, 'w-bad', Array.from({ length: 501 }, (_, i) => `a${i}`));
    assert.equal(!tooMany.ok && tooMany.error.code, 'invalid-input');
    const notStrings = await watch(kate, 'w-bad-2', [1, 2]);
    assert.equal(!notStrings.ok && notStrings.error.code, 'invalid-input');
    kate.send({ type: 'search', query: { query: 'a' } });
    await kate.sync();
    assert.equal(kate.errors.at(-1)?.code, 'malformed-frame', 'a search frame without an id is a malformed frame');
    const good = await search(kate, 'ok', { query: 'jim' });
    assert.ok(good.ok && good.page.targets[0]?.id === 'jim');
    await kate.close();
  });

  it('refuses a contact\'s search and watch list with forbidden', async () => {
    const avril = await Client.signIn(t.server, 'avril');
    const searched = await search(avril, 'c1', { query: 'kate' });
    assert.equal(!searched.ok && searched.error.code, 'forbidden');
    const watched = await watch(avril, 'c2', ['kate']);
    assert.equal(!watched.ok && watched.error.code, 'forbidden');
    await avril.close();
  });

  it('pushes presence frames to the connections watching the agent only', async () => {
    const kate = await Client.signIn(t.server, 'kate');
    const jim = await Client.signIn(t.server, 'jim');
    const jimElsewhere = await Client.signIn(t.server, 'jim');
    const watched = await watch(jim, 'w1', ['maria', 'nobody', 'q-support']);
    assert.ok(watched.ok);
    assert.deepEqual(
      watched.targets.map((target) => target.id),
      ['maria', 'q-support'],
    );
    const maria = await Client.signIn(t.server, 'maria');
    await maria.ok({ type: 'set-presence', channel: 'voice', state: 'ready' });
    await jim.waitFor((f) => f.type === 'presence' && f.userId === 'maria' && f.channel === 'voice' && f.state === 'ready', "Maria's presence");
    await Promise.all([kate.sync(), jimElsewhere.sync(), jim.sync()]);
    assert.equal(presenceFrames(kate).length, 0, 'Kate watches nobody');
    assert.equal(presenceFrames(jimElsewhere).length, 0, "Jim's other connection watches nobody");
    assert.ok(!jim.events.some((e) => e.event.type === 'presence-updated'), "Maria's change is not in Jim's ordered stream");
    assert.ok(maria.events.some((e) => e.event.type === 'presence-updated' && e.event.userId === 'maria'), 'Maria has it in her own stream');
    // The watch list goes with the connection.
    await jim.close();
    await maria.ok({ type: 'set-presence', channel: 'voice', state: 'not-ready' });
    await jimElsewhere.sync();
    assert.equal(presenceFrames(jimElsewhere).length, 0);
    await Promise.all([kate.close(), jimElsewhere.close(), maria.close()]);
  });
});

describe('directory frames: their own budget', () => {
  let t: TestServer;
  before(async () => {
    t = await startServer({ limits: { messagesPerWindow: 3, burst: 3, windowMs: 60_000 } });
  });
  after(() => t.close());

  it('rate-limits searches on their own budget, answering rate-limited under the id, and leaves commands their budget', async () => {
    const kate = await Client.signIn(t.server, 'kate');
    const answers: SearchResult[] = [];
    for (let i = 0; i < 4; i++) answers.push(await search(kate, `r${i}`, { query: 'j' }));
    assert.deepEqual(
      answers.map((a) => (a.ok ? 'ok' : a.error.code)),
      ['ok', 'ok', 'ok', 'rate-limited'],
    );
    assert.deepEqual(await kate.command({ type: 'set-presence', channel: 'email', state: 'ready' }), { ok: true });
    await kate.close();
  });
});
