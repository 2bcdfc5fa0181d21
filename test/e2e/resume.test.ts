// The network demo survives a server restart: the pages say "Reconnecting…" while the
// server is down, a message written meanwhile waits in the outbox, and once the server is
// back (same data, same epoch) every message arrives exactly once, in order.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser, logShows, logText, shows, signIn, startDemoServer, type DemoServer, type Person } from './harness.js';
import { CONTACT, avrilAndKateChat, chatWindow, contactLog, sendFrom, transcript } from './steps.js';

let server: DemoServer;
let browser: Browser;
let avril: Person;
let kate: Person;
const errors: string[] = [];

before(async () => {
  server = await startDemoServer();
  browser = await launchBrowser();
  [avril, kate] = await Promise.all([signIn(browser, server.url, 'avril', CONTACT, errors), signIn(browser, server.url, 'kate', 'Kate Lewis', errors)]);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

test('server restart mid-chat: Reconnecting…, then nothing lost and nothing doubled', async () => {
  await avrilAndKateChat(avril, kate);

  const offline = ['Kate, are you still there?', 'I wrote this while the server was down.'];
  await server.restart(async () => {
    await shows(avril.region.getByRole('status').filter({ hasText: 'Reconnecting…' }));
    await shows(kate.region.getByRole('status').filter({ hasText: 'Reconnecting…' }));
    for (const text of offline) await sendFrom(avril.region, text);
    await sendFrom(chatWindow(kate), 'Yes, one moment please.');
  });

  for (const text of offline) await logShows(transcript(kate), text);
  await logShows(contactLog(avril), 'Yes, one moment please.');
  await sendFrom(chatWindow(kate), 'Back online.');
  await logShows(contactLog(avril), 'Back online.');

  const seenByKate = await logText(transcript(kate));
  const seenByAvril = await logText(contactLog(avril));
  for (const text of [...offline, 'Yes, one moment please.', 'I am having an issue making an on line purchase.']) {
    assert.equal(count(seenByKate, text), 1, `Kate sees "${text}" once`);
    assert.equal(count(seenByAvril, text), 1, `Avril sees "${text}" once`);
  }
  assert.ok(seenByKate.indexOf(offline[0]!) < seenByKate.indexOf(offline[1]!), 'in the order written');
  await shows(avril.region.getByRole('status').filter({ hasText: 'Chatting with Kate Lewis' }));
  assert.equal(await avril.region.getByRole('status').filter({ hasText: 'Reconnecting…' }).count(), 0);
  // While the server was down the browser logged its failed connection attempts; nothing else.
  const unexpected = errors.filter((e) => !/console error: (WebSocket connection to .* failed|Failed to load resource: net::ERR_CONNECTION_REFUSED)/.test(e));
  assert.deepEqual(unexpected, [], 'no page errors');
});
