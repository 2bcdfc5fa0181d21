// Cluster mode end to end: Redis, three server nodes behind a small load balancer, and
// Avril, Kate and Jim in their own browser contexts, each landing on another node. Then the
// node Kate is on is killed (SIGKILL) mid-chat: her page reconnects through the balancer
// to a live node and resumes, and nobody's transcript loses or doubles a line.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { createChatServer, silentLogger, type ChatServer } from '../../server/index.js';
import { mountDemoPages, type DemoPages } from '../../server/pages.js';
import { startNode, type Node } from '../node/cluster/nodes.js';
import { freePort, startRedis, type TestRedis } from '../node/cluster/redis-harness.js';
import { startBalancer, type Balancer } from '../node/cluster/tcp-tools.js';
import { eventually, launchBrowser, logShows, logText, signIn, type Person } from './harness.js';
import { CONTACT, agentSays, avrilAndKateChat, contactLog, contactSays, kateConferencesJim, transcript } from './steps.js';

const demoRoot = fileURLToPath(new URL('../../demo/', import.meta.url));

let redis: TestRedis;
let pagesNode: ChatServer;
let pages: DemoPages;
let nodes: Node[] = [];
let balancer: Balancer;
let browser: Browser;
const errors: string[] = [];

before(async () => {
  redis = await startRedis();
  const secret = randomBytes(24).toString('base64url');
  const prefix = 'e2e:';
  const balancerPort = await freePort();
  const origin = `http://127.0.0.1:${balancerPort}`;
  // One node serves the pages and the demo tokens as well; the other two are `npm run server` processes.
  pagesNode = await createChatServer({ secret, port: 0, demoTokens: true, logger: silentLogger, allowedOrigins: [origin], redis: { url: redis.url, prefix, nodeId: 'pages' } });
  pages = await mountDemoPages(pagesNode, { root: demoRoot, watch: false });
  nodes = await Promise.all(
    ['a', 'b'].map((nodeId) => startNode({ redisUrl: redis.url, prefix, nodeId, secret, env: { ALLOWED_ORIGINS: origin } })),
  );
  balancer = await startBalancer([pagesNode.port, ...nodes.map((n) => n.port)], { pagesTo: pagesNode.port, port: balancerPort });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await balancer?.close();
  await Promise.all(nodes.map((node) => node.stop()));
  await pagesNode?.close();
  await pages?.close();
  await redis?.stop();
});

/** Signs a person in with their WebSocket sent to the given node. */
async function onNode(port: number, userId: string, name: string): Promise<Person> {
  balancer.preferNext(port);
  const person = await signIn(browser, `http://127.0.0.1:${balancer.port}`, userId, name, errors);
  assert.equal(balancer.routed.at(-1), port, `${name}'s stream went to the node asked for`);
  return person;
}

const occurrences = (text: string, line: string) => text.split(line).length - 1;

test('lesson 1 on three nodes; kill -9 the node Kate is on mid-chat: she resumes elsewhere, nothing lost or doubled', async () => {
  const avril = await onNode(pagesNode.port, 'avril', CONTACT);
  const kate = await onNode(nodes[0]!.port, 'kate', 'Kate Lewis');
  const jim = await onNode(nodes[1]!.port, 'jim', 'Jim Miller');

  await avrilAndKateChat(avril, kate);
  await kateConferencesJim(kate, jim);
  await agentSays(kate, 'Kate before the crash');
  await logShows(contactLog(avril), 'Kate before the crash');

  const upgrades = balancer.routed.length;
  nodes[0]!.process.kill('SIGKILL');
  await contactSays(avril, 'Avril while Kate is away');
  await agentSays(jim, 'Jim while Kate is away');

  // Kate's page finds a live node through the balancer and resumes her stream.
  await eventually('Kate reconnected through the balancer', async () => balancer.routed.length > upgrades);
  assert.ok(balancer.routed.slice(upgrades).every((port) => port !== nodes[0]!.port), 'never to the dead node');
  await logShows(transcript(kate), 'Avril while Kate is away');
  await logShows(transcript(kate), 'Jim while Kate is away');
  await agentSays(kate, 'Kate after the crash');
  await logShows(contactLog(avril), 'Kate after the crash');
  await logShows(transcript(jim), 'Kate after the crash');

  const lines = ['Kate before the crash', 'Avril while Kate is away', 'Jim while Kate is away', 'Kate after the crash'];
  for (const [who, log] of [['Avril', contactLog(avril)], ['Kate', transcript(kate)], ['Jim', transcript(jim)]] as const) {
    const text = await logText(log);
    for (const line of lines) assert.equal(occurrences(text, line), 1, `${who} sees "${line}" once`);
  }
  assert.deepEqual(errors.filter((e) => !/WebSocket|ERR_CONNECTION|net::/i.test(e)), [], 'no page errors');
});
