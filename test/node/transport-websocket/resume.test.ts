import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { MessageEntry, SessionId } from '../../../src/engine/types.js';
import { createWorkspaceStore } from '../../../src/store/store.js';
import type { WorkspaceStore } from '../../../src/store/types.js';
import type { StreamEvent, Transport } from '../../../src/transport/types.js';
import type { WebSocketTransportOptions } from '../../../src/transport/websocket/index.js';
import { RealServer } from './real-server.js';
import { WsProxy } from './ws-proxy.js';
import { waitLimitMs, within } from './bounds.js';

const MESSAGES_EACH = 30;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually(description: string, condition: () => boolean, timeoutMs = waitLimitMs(8000)): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${description}`);
    await delay(10);
  }
}

/** One user: the store the components would read, over the transport under test, and the raw stream it received. */
class User {
  readonly stream: StreamEvent[] = [];
  readonly statuses: string[] = [];
  readonly store: WorkspaceStore;
  constructor(
    readonly id: string,
    readonly transport: Transport,
  ) {
    transport.events$.subscribe((e) => this.stream.push(e));
    transport.connection$.subscribe((c) => this.statuses.push(c.status));
    this.store = createWorkspaceStore({ transport, user: { id } });
  }

  messages(sessionId: SessionId): MessageEntry[] {
    const session = this.store.state.sessions[sessionId];
    return (session?.transcript ?? []).filter((e): e is MessageEntry => e.kind === 'message');
  }

  /** What the transport itself passed on must already be gap-free and duplicate-free. */
  checkStream(): void {
    const events = this.stream.filter((e) => e.event.type !== 'error');
    assert.equal(events[0]?.event.type, 'snapshot', `${this.id}'s stream starts with a snapshot`);
    assert.equal(events.filter((e) => e.event.type === 'snapshot').length, 1, `${this.id} resumed every time; no reload`);
    for (let i = 1; i < events.length; i++) {
      assert.equal(events[i]!.position, events[i - 1]!.position + 1, `${this.id}'s position after ${events[i - 1]!.position}`);
    }
    const ids = events.flatMap((e) => (e.event.type === 'entry-added' ? [e.event.entry.id] : []));
    assert.equal(new Set(ids).size, ids.length, `${this.id} received an entry twice`);
    assert.deepEqual(this.stream.filter((e) => e.event.type === 'error'), [], `${this.id} got no error events`);
  }
}

/**
 * Avril (contact) and Kate (agent) chat, each sending MESSAGES_EACH messages as fast as the
 * answers come back, while `disrupt` breaks the connections once, mid-conversation. In the
 * end both see every message once, in the same order, each sender's in the order sent, and
 * the server's own transcript is that same list.
 */
async function conversationSurvives(
  real: RealServer,
  url: string,
  disrupt: () => Promise<void>,
  options: Partial<WebSocketTransportOptions> = {},
): Promise<void> {
  const transportOptions = { url, reconnect: { initialDelayMs: 50, maxDelayMs: 400 }, ...options };
  const kate = new User('kate', real.transport(transportOptions));
  const avril = new User('avril', real.transport(transportOptions));
  await within('Kate to connect', kate.store.connect());
  await within('Avril to connect', avril.store.connect());
  const started = await within('the answer to start-chat', avril.store.dispatch({ type: 'start-chat', subject: 'Resume test', targetId: 'q-support' }));
  assert.ok(started.ok && started.value?.sessionId, JSON.stringify(started));
  const sessionId = started.value!.sessionId!;
  await eventually('the chat offered to Kate', () => Object.values(kate.store.state.invitations).some((i) => i.sessionId === sessionId));
  const invitation = Object.values(kate.store.state.invitations).find((i) => i.sessionId === sessionId)!;
  const accepted = await within('the answer to accept-invitation', kate.store.dispatch({ type: 'accept-invitation', invitationId: invitation.id }));
  assert.ok(accepted.ok, JSON.stringify(accepted));
  await eventually('Kate in the session', () => kate.store.state.sessions[sessionId] !== undefined);

  const send = async (user: User, prefix: string) => {
    const results = [];
    for (let i = 0; i < MESSAGES_EACH; i++) {
      results.push(await within(`the answer to ${prefix}'s message ${i}`, user.store.dispatch({ type: 'send-message', sessionId, text: `${prefix} ${i}` })));
      await delay(2);
    }
    return results;
  };
  const sending = Promise.all([send(avril, 'avril'), send(kate, 'kate')]);
  await eventually('the conversation under way', () => kate.messages(sessionId).length >= 10);
  await within('the disruption', disrupt());
  const total = 2 * MESSAGES_EACH;
  assert.ok(kate.messages(sessionId).length < total, 'the connections broke mid-conversation');
  const [avrilResults, kateResults] = await within('both sides to finish sending', sending, waitLimitMs(20_000));
  for (const result of [...avrilResults, ...kateResults]) assert.deepEqual(result.ok, true, JSON.stringify(result));

  await eventually('every message at both ends', () => kate.messages(sessionId).length >= total && avril.messages(sessionId).length >= total);
  const kateTexts = kate.messages(sessionId).map((m) => m.text);
  const avrilTexts = avril.messages(sessionId).map((m) => m.text);
  assert.equal(kateTexts.length, total, 'nothing duplicated in Kate\'s transcript');
  assert.deepEqual(avrilTexts, kateTexts, 'both ends show the same transcript, in the same order');
  for (const prefix of ['avril', 'kate']) {
    const own = kateTexts.filter((t) => t.startsWith(`${prefix} `));
    assert.deepEqual(own, Array.from({ length: MESSAGES_EACH }, (_, i) => `${prefix} ${i}`), `${prefix}'s messages in the order sent`);
  }
  assert.deepEqual(Object.keys(kate.store.state.pending), [], 'Kate has no message left pending');
  assert.deepEqual(Object.keys(avril.store.state.pending), [], 'Avril has no message left pending');
  kate.checkStream();
  avril.checkStream();
  for (const user of [kate, avril]) {
    assert.ok(user.statuses.includes('reconnecting'), `${user.id}'s connection broke: ${user.statuses.join(' → ')}`);
    assert.equal(user.statuses.at(-1), 'connected', `${user.id} is connected again`);
  }

  // The server's own record: a fresh sign-in's snapshot holds the same transcript.
  const fresh = new User('kate', real.transport({ url: real.server.wsUrl }));
  await within('a fresh sign-in to connect', fresh.store.connect());
  await eventually('a fresh snapshot', () => fresh.store.state.sessions[sessionId] !== undefined);
  assert.deepEqual(fresh.messages(sessionId).map((m) => m.text), kateTexts, "the server's transcript");
}

describe('WebSocket transport: resuming over the reference server while messages flow', () => {
  /** A fresh server (Avril may hold one chat at a time) behind a proxy that breaks the network. */
  async function throughProxy(disrupt: (proxy: WsProxy) => void, options: Partial<WebSocketTransportOptions> = {}): Promise<void> {
    const real = await RealServer.start();
    const proxy = await WsProxy.start(real.server.wsUrl);
    try {
      await conversationSurvives(real, proxy.url, async () => disrupt(proxy), options);
    } finally {
      await proxy.close();
      await real.stop();
    }
  }

  it('the server side closes the connections mid-conversation', async () => {
    await throughProxy((proxy) => proxy.closeFromServer(1011, 'Internal error'));
  });

  it('the network is cut (reset) mid-conversation', async () => {
    await throughProxy((proxy) => proxy.cut());
  });

  it('the network goes silent mid-conversation: the heartbeat notices, and the transport resumes', async () => {
    await throughProxy((proxy) => proxy.silence(), { heartbeatMs: 200, heartbeatTimeoutMs: 200 });
  });

  it('the server restarts on the same data directory mid-conversation', async () => {
    const real = await RealServer.start();
    try {
      await conversationSurvives(real, real.server.wsUrl, () => real.restart());
    } finally {
      await real.stop();
    }
  });
});
