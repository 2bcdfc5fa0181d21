import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createChatServer, type ChatServer } from '../../../server/create-server.js';
import { silentLogger } from '../../../server/logger.js';
import type { Command } from '../../../src/engine/types.js';
import { Client, activeChat, assertConsecutive, entryTexts } from '../server/helpers.js';
import { SECRET, tokenFor } from '../transport-websocket/real-server.js';
import { startNode } from './nodes.js';
import { startRedis, type TestRedis } from './redis-harness.js';
import { startBalancer, startFaultProxy } from './tcp-tools.js';
import { ResilientClient, assertNoGapNoDuplicate, withTimeout } from './resilient-client.js';


/** What Client.signIn needs of a server: where to connect, and a token the whole cluster accepts. */
const endpoint = (wsUrl: string) => ({
  wsUrl,
  issueToken: (userId: string) => tokenFor(userId),
}) as unknown as ChatServer;

let redis: TestRedis;
let clusters = 0;

describe('cluster mode: several servers on one Redis', { timeout: 120_000 }, () => {
  before(async () => {
    redis = await startRedis();
  });
  after(async () => {
    await redis?.stop();
  });

  it('lesson 1 with Avril, Kate and Jim each on another node: everyone sees everything once, in order', async () => {
    const prefix = `s${++clusters}:`;
    const servers = await Promise.all(
      ['n1', 'n2', 'n3'].map((nodeId) =>
        createChatServer({ secret: SECRET, port: 0, logger: silentLogger, redis: { url: redis.url, prefix, nodeId } }),
      ),
    );
    try {
      assert.equal(new Set(servers.map((s) => s.epoch)).size, 1, 'one epoch for the cluster');
      const avril = await Client.signIn(servers[0]!, 'avril');
      const kate = await Client.signIn(servers[1]!, 'kate');
      const jim = await Client.signIn(servers[2]!, 'jim');
      const sessionId = await activeChat(avril, kate);
      await avril.ok({ type: 'send-message', sessionId, text: 'I need help with my order' });
      const { invitationId } = await kate.ok({ type: 'invite', sessionId, kind: 'conference', targetId: 'jim' });
      await jim.waitFor((f) => f.type === 'event' && f.event.type === 'invitation-updated' && f.event.invitation.id === invitationId, 'the conference request');
      await jim.ok({ type: 'accept-invitation', invitationId: invitationId! });
      await jim.ok({ type: 'send-message', sessionId, text: 'Jim here' });
      for (const client of [avril, kate, jim]) {
        await client.waitFor((f) => f.type === 'event' && f.event.type === 'entry-added' && f.event.entry.text === 'Jim here', 'Jim\'s message');
        await client.sync();
        assertConsecutive(client.events);
      }
      for (const client of [avril, kate, jim]) {
        assert.deepEqual(entryTexts(client.events, sessionId).filter((t) => t === 'I need help with my order' || t === 'Jim here'), ['I need help with my order', 'Jim here']);
      }
      await Promise.all([avril.close(), kate.close(), jim.close()]);
    } finally {
      await Promise.all(servers.map((s) => s.close()));
    }
  });

  it('kill -9 the node Kate is on mid-chat: she resumes through the balancer on another node; nothing lost or doubled', async () => {
    const prefix = `p${++clusters}:`;
    const nodes = await Promise.all(['k1', 'k2', 'k3'].map((nodeId) => startNode({ redisUrl: redis.url, prefix, nodeId, secret: SECRET })));
    const balancer = await startBalancer(nodes.map((n) => n.port));
    const viaBalancer = endpoint(`ws://127.0.0.1:${balancer.port}/ws`);
    try {
      balancer.preferNext(nodes[0]!.port);
      const avril = await Client.signIn(viaBalancer, 'avril');
      balancer.preferNext(nodes[1]!.port);
      const kate = await Client.signIn(viaBalancer, 'kate');
      const sessionId = await activeChat(avril, kate);
      await avril.ok({ type: 'send-message', sessionId, text: 'before' });
      await kate.waitFor((f) => f.type === 'event' && f.event.type === 'entry-added' && f.event.entry.text === 'before', 'the first message');
      await kate.sync();
      const from = kate.lastPosition;

      nodes[1]!.process.kill('SIGKILL');
      const gone = await kate.closed;
      assert.notEqual(gone.code, 1000, 'the node died under her');
      for (const text of ['while', 'kate', 'was', 'away']) await avril.ok({ type: 'send-message', sessionId, text });

      const back = await Client.signIn(viaBalancer, 'kate', from);
      assert.notEqual(balancer.routed.at(-1), nodes[1]!.port, 'the balancer sent her to a live node');
      assert.notEqual(back.events[0]?.event.type, 'snapshot', 'she resumed instead of reloading');
      assert.equal(back.events[0]?.position, from.position + 1);
      await back.ok({ type: 'send-message', sessionId, text: 'back' });
      await avril.waitFor((f) => f.type === 'event' && f.event.type === 'entry-added' && f.event.entry.text === 'back', 'Kate\'s reply');
      await back.sync();
      assert.deepEqual(entryTexts(back.events, sessionId), ['while', 'kate', 'was', 'away', 'back']);
      assertConsecutive(back.events);
      await avril.sync();
      assertConsecutive(avril.events);
      const texts = entryTexts(avril.events, sessionId);
      for (const text of ['before', 'while', 'kate', 'was', 'away', 'back']) assert.equal(texts.filter((t) => t === text).length, 1, `"${text}" once`);
      await Promise.all([avril.close(), back.close()]);
    } finally {
      await balancer.close();
      await Promise.all(nodes.map((node) => node.stop()));
    }
  });

  it('faults between nodes and Redis (delay, cut, blackhole) and a SIGSTOPped node: no gap, no duplicate, every acknowledged command applied once', async () => {
    const prefix = `f${++clusters}:`;
    const proxies = await Promise.all([0, 1, 2].map(() => startFaultProxy(redis.port)));
    const nodes = await Promise.all(['f1', 'f2', 'f3'].map((nodeId, i) => startNode({ redisUrl: `redis://127.0.0.1:${proxies[i]!.port}`, prefix, nodeId, secret: SECRET })));
    const balancer = await startBalancer(nodes.map((n) => n.port));
    const direct = (i: number) => endpoint(`ws://127.0.0.1:${nodes[i]!.port}/ws`);
    const viaBalancer = endpoint(`ws://127.0.0.1:${balancer.port}/ws`);
    // Each starts on its own node; after a fault they come back through the balancer, anywhere.
    let first = true;
    const homes = new Map([['avril', 0], ['kate', 1], ['jim', 2]]);
    const endpointFor = (userId: string) => () => (first ? direct(homes.get(userId)!) : viaBalancer);
    const clients: ResilientClient[] = [];
    try {
      const avril = await ResilientClient.connect(endpointFor('avril'), 'avril');
      const kate = await ResilientClient.connect(endpointFor('kate'), 'kate');
      const jim = await ResilientClient.connect(endpointFor('jim'), 'jim');
      clients.push(avril, kate, jim);
      first = false;
      const started = await avril.command({ type: 'start-chat', subject: 'Faults' } as Command);
      assert.ok(started.ok && started.value?.invitationId);
      const sessionId = started.value.sessionId!;
      assert.ok((await kate.command({ type: 'accept-invitation', invitationId: started.value.invitationId } as Command)).ok);
      const invited = await kate.command({ type: 'invite', sessionId, kind: 'conference', targetId: 'jim' } as Command);
      assert.ok(invited.ok);
      await jim.settle();
      assert.ok((await jim.command({ type: 'accept-invitation', invitationId: invited.value!.invitationId! } as Command)).ok);

      const acknowledged: string[] = [];
      const faults: Array<Promise<void>> = [];
      const hold = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      const say = async (client: ResilientClient, text: string) => {
        const result = await client.command({ type: 'send-message', sessionId, text } as Command);
        assert.ok(result.ok, `${text}: ${JSON.stringify(result)}`);
        acknowledged.push(text);
      };
      // Rounds in which all three speak at once, with a fault starting every few rounds and
      // lasting while the following rounds run.
      for (let round = 1; round <= 12; round++) {
        if (round === 2) {
          proxies[0]!.delay(150);
          faults.push(hold(1000).then(() => proxies[0]!.delay(0)));
        }
        if (round === 4) proxies[1]!.cut();
        if (round === 6) {
          proxies[2]!.mode('blackhole');
          faults.push(hold(2000).then(() => proxies[2]!.mode('pass')));
        }
        if (round === 9) {
          nodes[0]!.process.kill('SIGSTOP');
          faults.push(hold(2000).then(() => void nodes[0]!.process.kill('SIGCONT')));
        }
        await Promise.all(clients.map((client) => say(client, `${client.userId} ${round}`)));
      }
      await Promise.all(faults);
      for (const client of clients) await client.settle();

      for (const client of clients) assertNoGapNoDuplicate(client.userId, client.stream);
      // Every node holds the same transcript, with each acknowledged message exactly once.
      const transcripts = [];
      for (let i = 0; i < nodes.length; i++) {
        const look = await withTimeout(Client.signIn(direct(i), 'kate'), 10_000, `kate's snapshot from node ${i + 1}`);
        const snapshot = look.events[0]!.event;
        assert.equal(snapshot.type, 'snapshot');
        const session = snapshot.snapshot.sessions.find((s) => s.id === sessionId)!;
        transcripts.push(session.transcript.map((entry) => entry.text));
        // No open session leaves its contact with no agent.
        if (session.state !== 'ended') assert.ok(session.parties.some((p) => p.role === 'agent' && p.state === 'connected'), 'an agent is still with Avril');
        await look.close();
      }
      assert.deepEqual(transcripts[1], transcripts[0]);
      assert.deepEqual(transcripts[2], transcripts[0]);
      for (const text of acknowledged) assert.equal(transcripts[0]!.filter((t) => t === text).length, 1, `"${text}" exactly once`);
      assert.ok(clients.some((c) => c.reconnections > 0), 'the faults made someone reconnect');
    } finally {
      await Promise.all(clients.map((c) => c.close().catch(() => {})));
      for (const node of nodes) if (node.process.signalCode === null) node.process.kill('SIGCONT');
      await balancer.close();
      await Promise.all(nodes.map((node) => node.stop()));
      await Promise.all(proxies.map((proxy) => proxy.close()));
    }
  });
});
