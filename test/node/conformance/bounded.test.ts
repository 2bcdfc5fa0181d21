import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NEVER, filter } from 'rxjs';
import { MAX_FRAME_BYTES, runConformance } from '../../../src/conformance/index.js';
import { bind, memoryBackend } from './memory-backend.js';
import { DEFAULT_LIMITS } from '../../../server/create-server.js';
import type { Transport } from '../../../src/transport/types.js';

/*
 * A vendor's backend that never answers must fail the scenario that waited, naming it and
 * what it waited for, instead of hanging the suite; a backend that drops typing or presence
 * events must fail too.
 */
const never = <T>() => new Promise<T>(() => {});

describe('conformance suite: a backend that does not answer', () => {
  it('fails every scenario when connect() never settles, naming connect and the user', async () => {
    const hanging = (transport: Transport): Transport => ({ ...bind(transport), connect: () => never() });
    const report = await runConformance({ name: 'hanging connect', capabilities: [], createTransport: memoryBackend(hanging), timeoutMs: 100 });
    assert.equal(report.passed, 0);
    assert.ok(report.results.length > 5);
    for (const result of report.results) assert.match(result.error!, /connect\(\) as kate did not settle within 100 ms/, result.name);
  });

  it('fails the scenario whose send() never answers, naming the command', async () => {
    // Only Jim's accept-invitation hangs: the lessons that conference Jim in fail, the others pass.
    const hanging = (transport: Transport, userId: string): Transport => ({
      ...bind(transport),
      send: (command) => (userId === 'jim' && command.type === 'accept-invitation' ? never() : transport.send(command)),
    });
    const report = await runConformance({ name: 'hanging send', capabilities: ['consultation'], createTransport: memoryBackend(hanging), timeoutMs: 100 });
    const lesson = report.results.find((r) => r.name.startsWith('lesson: starting an instant chat conference'))!;
    assert.equal(lesson.ok, false);
    assert.match(lesson.error!, /jim's accept-invitation command \(send\) did not settle within 100 ms/);
    assert.match(lesson.error!, /^ConformanceError: scenario "lesson: starting an instant chat conference/);
    assert.ok(report.results.some((r) => r.ok), 'scenarios that never send the hanging command still pass');
  });

  it('fails a harness whose transportFor() never answers', async () => {
    const report = await runConformance({
      name: 'hanging harness',
      capabilities: [],
      timeoutMs: 100,
      createTransport: async () => ({ transportFor: () => never(), cleanup: async () => {} }),
    });
    assert.equal(report.passed, 0);
    assert.match(report.results[0]!.error!, /transportFor\("kate"\)/);
  });
});

describe('conformance suite: typing and presence', () => {
  it('fails a transport that drops typing events, in the typing scenario only', async () => {
    const mute = (transport: Transport): Transport => ({ ...bind(transport), events$: transport.events$.pipe(filter((s) => s.event.type !== 'typing')) });
    const report = await runConformance({ name: 'no typing', capabilities: [], createTransport: memoryBackend(mute), timeoutMs: 100 });
    const failed = report.results.filter((r) => !r.ok);
    assert.deepEqual(
      failed.map((r) => r.name),
      [report.results.find((r) => r.name.startsWith('typing and presence'))!.name],
    );
    assert.match(failed[0]!.error!, /typing indicator/);
  });

  it('fails a transport that drops presence events', async () => {
    const still = (transport: Transport): Transport => ({
      ...bind(transport),
      events$: transport.events$.pipe(filter((s) => s.event.type !== 'presence-updated')),
    });
    const report = await runConformance({ name: 'no presence', capabilities: [], createTransport: memoryBackend(still), timeoutMs: 100 });
    const typing = report.results.find((r) => r.name.startsWith('typing and presence'))!;
    assert.equal(typing.ok, false);
    assert.match(typing.error!, /presence change/);
  });
});

describe('conformance suite: directory search and watching', () => {
  it('fails a transport whose presence$ never emits, in the scenarios that watch', async () => {
    const deaf = (transport: Transport): Transport => ({ ...bind(transport), presence$: NEVER });
    const report = await runConformance({ name: 'deaf', capabilities: ['resume'], createTransport: memoryBackend(deaf), timeoutMs: 100 });
    const failed = report.results.filter((r) => !r.ok).map((r) => r.name.split(':')[0]);
    assert.deepEqual(failed, ['typing and presence', 'watch', 'watch after resume']);
    assert.match(report.results.find((r) => r.name.startsWith('watch:'))!.error!, /on presence\$/);
  });

  it('fails a transport whose searches ignore the filter, naming the probe', async () => {
    const sloppy = (transport: Transport): Transport => ({
      ...bind(transport),
      searchDirectory: ({ filter: _ignored, ...query }) => transport.searchDirectory(query),
    });
    const report = await runConformance({ name: 'sloppy', capabilities: [], createTransport: memoryBackend(sloppy), timeoutMs: 100 });
    const search = report.results.find((r) => r.name.startsWith('directory search'))!;
    assert.equal(search.ok, false);
    assert.match(search.error!, /filter/);
  });

  it('fails a transport that lists the signed-in user', async () => {
    const vain = (transport: Transport): Transport => ({
      ...bind(transport),
      searchDirectory: async (query) => {
        const page = await transport.searchDirectory(query);
        return query.offset ? page : { ...page, targets: [{ kind: 'agent', id: 'kate', name: 'Kate Lewis', presence: { chat: 'ready', voice: 'ready', email: 'ready' }, chatCapacity: 1 }, ...page.targets] };
      },
    });
    const report = await runConformance({ name: 'vain', capabilities: [], createTransport: memoryBackend(vain), timeoutMs: 100 });
    const search = report.results.find((r) => r.name.startsWith('directory search'))!;
    assert.equal(search.ok, false);
    assert.match(search.error!, /Kate|kate/);
  });
});

describe('conformance suite: limits', () => {
  it("exports the frame size limit, the reference server's", () => {
    assert.equal(MAX_FRAME_BYTES, DEFAULT_LIMITS.maxFrameBytes);
  });
});
