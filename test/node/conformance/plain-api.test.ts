import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { filter, map } from 'rxjs';
import { conformanceScenarios, runConformance } from '../../../src/conformance/index.js';
import { bind, memoryBackend } from './memory-backend.js';
import type { StreamEvent, Transport } from '../../../src/transport/types.js';

describe('conformance suite: plain async API', () => {
  it('runs every selected scenario itself and reports them all passed for the memory transport', async () => {
    const report = await runConformance({
      name: 'memory (plain)',
      capabilities: ['consultation', 'resume'],
      createTransport: memoryBackend(),
    });
    assert.equal(report.failed, 0, JSON.stringify(report.results.filter((r) => !r.ok)));
    assert.equal(report.passed, conformanceScenarios(['consultation', 'resume']).length);
    assert.ok(report.skipped.some((name) => name.startsWith('time-out')));
    assert.ok(report.skipped.some((name) => name.startsWith('queues')));
  });

  it('fails a transport that leaks agents-only entries to the contact, saying so', async () => {
    const leaky = (transport: Transport, userId: string): Transport => {
      if (userId !== 'avril') return transport;
      // Re-labels every message the contact receives as agents-only: the suite must notice.
      const events$ = transport.events$.pipe(
        map((stream): StreamEvent =>
          stream.event.type === 'entry-added' && stream.event.entry.kind === 'message'
            ? { ...stream, event: { ...stream.event, entry: { ...stream.event.entry, visibility: 'agents' } } }
            : stream,
        ),
      );
      return { ...bind(transport), events$ };
    };
    const report = await runConformance({ name: 'leaky', capabilities: [], createTransport: memoryBackend(leaky), timeoutMs: 100 });
    assert.ok(report.failed > 0);
    const first = report.results.find((r) => !r.ok)!;
    assert.match(first.error!, /agents-only entry/);
  });

  it('fails a transport that loses an event, naming the broken position', async () => {
    const lossy = (transport: Transport): Transport => {
      let count = 0;
      const events$ = transport.events$.pipe(filter(() => ++count !== 4));
      return { ...bind(transport), events$ };
    };
    const report = await runConformance({ name: 'lossy', capabilities: [], createTransport: memoryBackend(lossy), timeoutMs: 100 });
    // The directory search and watch scenarios read no more than three events per user: nothing to lose there.
    const streamed = report.results.filter((r) => !r.name.startsWith('directory search') && !r.name.startsWith('watch:'));
    assert.equal(streamed.length, report.results.length - 2);
    assert.ok(streamed.every((r) => !r.ok && r.error!.length > 20), JSON.stringify(streamed.filter((r) => r.ok).map((r) => r.name)));
    assert.ok(report.results.some((r) => /position \d+ right after \d+/.test(r.error!)), JSON.stringify(report.results[0]));
  });

  it('fails a transport that answers a snapshot instead of resuming', async () => {
    const forgetful = (transport: Transport): Transport => ({
      ...bind(transport),
      connect: ({ userId }) => transport.connect({ userId }),
    });
    const report = await runConformance({
      name: 'forgetful',
      capabilities: ['resume'],
      createTransport: memoryBackend(forgetful),
      timeoutMs: 100,
    });
    const resume = report.results.find((r) => r.name.startsWith('resume'));
    assert.equal(resume?.ok, false);
    assert.match(resume!.error!, /snapshot/);
  });

  it('fails a transport whose send says ok without doing anything', async () => {
    const liar = (transport: Transport): Transport => ({ ...bind(transport), send: async () => ({ ok: true }) });
    const report = await runConformance({ name: 'liar', capabilities: [], createTransport: memoryBackend(liar), timeoutMs: 100 });
    assert.equal(report.passed, 0);
    assert.match(report.results[0]!.error!, /did not receive/);
  });

  it('registers one test per scenario through describe/it', async () => {
    const registered: string[] = [];
    let suite = '';
    const report = await runConformance({
      name: 'registration',
      capabilities: ['queues'],
      createTransport: memoryBackend(),
      describe: (name, body) => {
        suite = name;
        body();
      },
      it: (name) => {
        registered.push(name);
      },
    });
    assert.equal(suite, 'transport conformance: registration');
    assert.deepEqual(registered, conformanceScenarios(['queues']));
    assert.equal(report.results.length, 0);
  });
});

