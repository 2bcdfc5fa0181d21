import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  COMMAND_TYPES,
  ERROR_CODES,
  EVENT_TYPES,
  createCommandSchemas,
  decodeFrame,
  encodeFrame,
  parseClientFrame,
  parseDirectoryQuery,
  parseCommand,
  parseEvent,
  parseServerFrame,
  parseStreamEvent,
} from '../../../src/protocol/index.js';
import { COMMANDS, EVENTS, TARGETS } from './samples.js';

const viaJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

function assertError(result: { ok: boolean; error?: { code: string; message: string; field?: string } }, code: string, field?: string) {
  assert.equal(result.ok, false, `expected a ${code} error but the input was accepted`);
  assert.equal(result.error!.code, code, result.error!.message);
  assert.ok(result.error!.message.length > 10, 'the message should be a readable sentence');
  if (field !== undefined) assert.equal(result.error!.field, field, result.error!.message);
}

describe('commands', () => {
  it('round-trips every command through JSON unchanged', () => {
    assert.deepEqual(new Set(COMMANDS.map((c) => c.type)), new Set(COMMAND_TYPES));
    for (const command of COMMANDS) {
      const result = parseCommand(viaJson(command));
      assert.ok(result.ok, `${command.type}: ${!result.ok && result.error.message}`);
      assert.deepEqual(result.value, command);
    }
  });

  it('drops unknown extra fields, however large', () => {
    const result = parseCommand({ type: 'leave', sessionId: 's1', junk: 'x'.repeat(1_000_000) });
    assert.ok(result.ok);
    assert.deepEqual(result.value, { type: 'leave', sessionId: 's1' });
  });

  it('answers invalid-command for non-objects and unknown or missing types', () => {
    for (const input of [null, undefined, 42, 'leave', true, [], [{ type: 'leave' }], new Date(), () => 1]) {
      assertError(parseCommand(input), 'invalid-command');
    }
    assertError(parseCommand({}), 'invalid-command', 'type');
    assertError(parseCommand({ type: 42 }), 'invalid-command', 'type');
    assertError(parseCommand({ type: 'drop-tables' }), 'invalid-command', 'type');
    assertError(parseCommand({ type: 'toString' }), 'invalid-command', 'type');
    assertError(parseCommand({ type: '__proto__' }), 'invalid-command', 'type');
    const huge = parseCommand({ type: 'x'.repeat(100_000) });
    assertError(huge, 'invalid-command', 'type');
    assert.ok(!huge.ok && huge.error.message.length < 200, 'the message does not echo a huge type');
  });

  it('answers invalid-input naming the missing or mistyped field', () => {
    const cases: [unknown, string][] = [
      [{ type: 'send-message', text: 'hi' }, 'sessionId'],
      [{ type: 'send-message', sessionId: 's1' }, 'text'],
      [{ type: 'send-message', sessionId: 's1', text: 42 }, 'text'],
      [{ type: 'send-message', sessionId: 's1', text: 'hi', visibility: 'everyone' }, 'visibility'],
      [{ type: 'send-message', sessionId: '', text: 'hi' }, 'sessionId'],
      [{ type: 'set-typing', sessionId: 's1', typing: 'yes' }, 'typing'],
      [{ type: 'invite', sessionId: 's1', kind: 'chat', targetId: 'jim' }, 'kind'],
      [{ type: 'invite', sessionId: 's1', kind: 'conference' }, 'targetId'],
      [{ type: 'accept-invitation', invitationId: null }, 'invitationId'],
      [{ type: 'start-chat', subject: 'x', caseData: { Order: 205 } }, 'caseData.Order'],
      [{ type: 'start-chat', subject: 'x', caseData: 'Order=205' }, 'caseData'],
      [{ type: 'start-chat' }, 'subject'],
      [{ type: 'set-presence', channel: 'fax', state: 'ready' }, 'channel'],
      [{ type: 'set-presence', channel: 'chat', state: 'busy' }, 'state'],
      [{ type: 'leave', sessionId: 's1', commandId: 7 }, 'commandId'],
    ];
    for (const [input, field] of cases) {
      const result = parseCommand(input);
      assertError(result, 'invalid-input', field);
      assert.match(result.ok ? '' : result.error.message, new RegExp(field.replace('.', '\\.')));
    }
  });

  it('refuses huge strings in any field with invalid-input', () => {
    const big = 'x'.repeat(5_000_000);
    assertError(parseCommand({ type: 'send-message', sessionId: 's1', text: big }), 'invalid-input', 'text');
    assertError(parseCommand({ type: 'leave', sessionId: big }), 'invalid-input', 'sessionId');
    assertError(parseCommand({ type: 'start-chat', subject: big }), 'invalid-input', 'subject');
    assertError(parseCommand({ type: 'start-chat', subject: 's', caseData: { [big]: 'v' } }), 'invalid-input');
    const manyKeys = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, 'v']));
    assertError(parseCommand({ type: 'start-chat', subject: 's', caseData: manyKeys }), 'invalid-input', 'caseData');
  });

  it('applies limits it is built with, so a transport can match its engine configuration', () => {
    const schemas = createCommandSchemas({ maxIdLength: 64, maxTextLength: 10, maxFieldLength: 20, maxCaseDataEntries: 2 });
    assert.ok(parseCommand({ type: 'send-message', sessionId: 's1', text: 'x'.repeat(10) }, schemas).ok);
    const result = parseCommand({ type: 'send-message', sessionId: 's1', text: 'x'.repeat(11) }, schemas);
    assertError(result, 'invalid-input', 'text');
    assert.match(result.ok ? '' : result.error.message, /10 characters/);
  });

  it('refuses prototype-polluting keys and leaves Object.prototype alone', () => {
    const inputs = [
      '{"type":"leave","sessionId":"s1","__proto__":{"polluted":true}}',
      '{"type":"start-chat","subject":"s","caseData":{"__proto__":"x"}}',
      '{"type":"start-chat","subject":"s","caseData":{"constructor":"x"}}',
      '{"type":"set-disposition","sessionId":"s1","note":"n","prototype":{"polluted":true}}',
    ];
    for (const text of inputs) {
      const result = parseCommand(JSON.parse(text));
      assertError(result, 'invalid-input');
    }
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('never throws, even for objects that throw when read', () => {
    const hostile = {
      type: 'leave',
      get sessionId(): string {
        throw new Error('boom');
      },
    };
    assertError(parseCommand(hostile), 'invalid-command');
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    assertError(parseCommand(revoked.proxy), 'invalid-command');
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    assertError(parseCommand({ type: 'start-chat', subject: 's', caseData: deep }), 'invalid-input');
  });

  it('answers every arbitrary value with a value or a typed error (property)', () => {
    const codes = new Set<string>(ERROR_CODES);
    const arbitraryCommand = fc.oneof(
      fc.anything(),
      fc.record({ type: fc.constantFrom(...COMMAND_TYPES), sessionId: fc.anything(), text: fc.anything() }),
      fc.dictionary(fc.constantFrom('type', 'sessionId', 'invitationId', 'text', 'kind', 'targetId', 'caseData'), fc.jsonValue()),
    );
    fc.assert(
      fc.property(arbitraryCommand, (input) => {
        const result = parseCommand(input);
        if (result.ok) assert.ok(COMMAND_TYPES.includes(result.value.type));
        else assert.ok(codes.has(result.error.code) && result.error.message.length > 0);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('events', () => {
  it('round-trips every event through JSON unchanged', () => {
    assert.deepEqual(new Set(EVENTS.map((e) => e.type)), new Set(EVENT_TYPES));
    for (const event of EVENTS) {
      const result = parseEvent(viaJson(event));
      assert.ok(result.ok, `${event.type}: ${!result.ok && result.error.message}`);
      assert.deepEqual(result.value, event);
    }
  });

  it('round-trips stream events with their position', () => {
    for (const [i, event] of EVENTS.entries()) {
      const stream = { epoch: 'e-1', position: i, event };
      const result = parseStreamEvent(viaJson(stream));
      assert.ok(result.ok, !result.ok ? result.error.message : '');
      assert.deepEqual(result.value, stream);
    }
  });

  it('answers malformed-frame naming the field for a broken event', () => {
    assertError(parseEvent(null), 'malformed-frame');
    assertError(parseEvent({ type: 'party-crashed' }), 'malformed-frame', 'type');
    assertError(parseEvent({ type: 'session-removed' }), 'malformed-frame', 'sessionId');
    const session = (EVENTS[1] as { session: object }).session;
    assertError(parseEvent({ type: 'session-added', session: { ...session, state: 'paused' } }), 'malformed-frame', 'session.state');
    assertError(
      parseEvent({ type: 'entry-added', sessionId: 's1', entry: { kind: 'message', seq: 'one' } }),
      'malformed-frame',
      'entry.seq',
    );
    assertError(parseStreamEvent({ epoch: 'e', position: -1, event: EVENTS[4] }), 'malformed-frame', 'position');
    assertError(parseStreamEvent({ epoch: 'e', position: 1.5, event: EVENTS[4] }), 'malformed-frame', 'position');
    assertError(parseStreamEvent({ epoch: 'e', position: 1, event: { type: 'nope' } }), 'malformed-frame', 'event.type');
    assertError(parseEvent(JSON.parse('{"type":"session-removed","sessionId":"s","__proto__":{"x":1}}')), 'malformed-frame');
  });
});

describe('frames', () => {
  it('round-trips client and server frames', () => {
    const clientFrames = [
      { type: 'hello' as const },
      { type: 'hello' as const, token: 't', resumeFrom: { epoch: 'e-1', position: 7 } },
      ...COMMANDS.map((command, i) => ({ type: 'command' as const, id: `f${i}`, command })),
      { type: 'search' as const, id: 's1', query: { query: 'jim' } },
      { type: 'search' as const, id: 's2', query: { query: '', filter: 'queue' as const, offset: 100, limit: 100 } },
      { type: 'watch' as const, id: 'w1', ids: ['jim', 'q-support'] },
      { type: 'watch' as const, id: 'w2', ids: [] },
    ];
    for (const frame of clientFrames) {
      const result = parseClientFrame(viaJson(frame));
      assert.ok(result.ok, !result.ok ? result.error.message : '');
      assert.deepEqual(result.value, frame);
    }
    const serverFrames = [
      ...EVENTS.map((event, i) => ({ type: 'event' as const, epoch: 'e-1', position: i + 1, event })),
      { type: 'result' as const, id: 'f1', result: { ok: true as const } },
      { type: 'result' as const, id: 'f2', result: { ok: true as const, value: { sessionId: 's1', invitationId: 'i1' } } },
      { type: 'result' as const, id: 'f3', result: { ok: false as const, error: { code: 'forbidden' as const, message: 'No.' } } },
      { type: 'error' as const, error: { code: 'unauthorized' as const, message: 'The token has expired.' } },
      { type: 'search-result' as const, id: 's1', result: { ok: true as const, page: { targets: TARGETS, total: 3, offset: 0 } } },
      { type: 'search-result' as const, id: 's2', result: { ok: false as const, error: { code: 'invalid-input' as const, message: 'Bad.', field: 'limit' } } },
      { type: 'watch-result' as const, id: 'w1', result: { ok: true as const, targets: TARGETS } },
      { type: 'presence' as const, userId: 'jim', channel: 'voice' as const, state: 'after-call-work' as const },
    ];
    for (const frame of serverFrames) {
      const decoded = decodeFrame(encodeFrame(frame), 1_000_000);
      assert.ok(decoded.ok);
      const result = parseServerFrame(decoded.value);
      assert.ok(result.ok, !result.ok ? result.error.message : '');
      assert.deepEqual(result.value, frame);
    }
  });

  it('answers a bad command inside a command frame with the command error and the frame id', () => {
    const result = parseClientFrame({ type: 'command', id: 'f9', command: { type: 'send-message', sessionId: 's1' } });
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.id, 'f9');
    assertError(result, 'invalid-input', 'command.text');
    const unknown = parseClientFrame({ type: 'command', id: 'f10', command: { type: 'fly' } });
    assertError(unknown, 'invalid-command', 'command.type');
    assert.equal(!unknown.ok && unknown.id, 'f10');
  });

  it('answers a bad search or watch list with invalid-input under the frame id, naming the field', () => {
    const long = parseClientFrame({ type: 'search', id: 's9', query: { query: 'x'.repeat(201) } });
    assertError(long, 'invalid-input', 'query.query');
    assert.equal(!long.ok && long.id, 's9');
    assert.equal(!long.ok && long.answer, 'search-result');
    assertError(parseClientFrame({ type: 'search', id: 's9', query: { query: '', filter: 'contact' } }), 'invalid-input', 'query.filter');
    assertError(parseClientFrame({ type: 'search', id: 's9', query: { query: '', limit: 101 } }), 'invalid-input', 'query.limit');
    assertError(parseClientFrame({ type: 'search', id: 's9', query: { query: '', offset: 0.5 } }), 'invalid-input', 'query.offset');
    assertError(parseClientFrame({ type: 'search', id: 's9', query: 'jim' }), 'invalid-input', 'query');
    // A field a search does not have, after the fields it has (a name on Object.prototype too).
    // (A frame with such a key is refused before as malformed; a caller's object reaches the check.)
    const extra = parseDirectoryQuery({ query: '', constructor: 1 });
    assertError(extra, 'invalid-input', 'constructor');
    assert.match(!extra.ok ? extra.error.message : '', /has only query, filter, offset and limit; "constructor"/);
    assertError(parseClientFrame({ type: 'search', id: 's9', query: { query: 5, extra: 1 } }), 'invalid-input', 'query.query');
    const many = parseClientFrame({ type: 'watch', id: 'w9', ids: Array.from({ length: 501 }, (_, i) => `t${i}`) });
    assertError(many, 'invalid-input', 'ids');
    assert.equal(!many.ok && many.answer, 'watch-result');
    assertError(parseClientFrame({ type: 'watch', id: 'w9', ids: ['x'.repeat(257)] }), 'invalid-input', 'ids');
    assertError(parseClientFrame({ type: 'watch', ids: [] }), 'malformed-frame', 'id');
    assertError(
      parseServerFrame({ type: 'search-result', id: 's1', result: { ok: true, page: { targets: Array(101).fill(TARGETS[1]), total: 101, offset: 0 } } }),
      'malformed-frame',
    );
    assertError(parseServerFrame({ type: 'presence', userId: 'jim', channel: 'fax', state: 'ready' }), 'malformed-frame', 'channel');
  });

  it('answers malformed-frame for frames it cannot use', () => {
    assertError(parseClientFrame('hello'), 'malformed-frame');
    assertError(parseClientFrame({ type: 'goodbye' }), 'malformed-frame', 'type');
    assertError(parseClientFrame({ type: 'command', command: { type: 'leave', sessionId: 's' } }), 'malformed-frame', 'id');
    assertError(parseClientFrame({ type: 'hello', resumeFrom: { epoch: 'e' } }), 'malformed-frame', 'resumeFrom.position');
    assertError(parseServerFrame({ type: 'result', id: 'f1', result: { ok: 'yes' } }), 'malformed-frame');
    assertError(parseServerFrame({ type: 'event', epoch: 'e', position: 1 }), 'malformed-frame', 'event');
    assertError(parseServerFrame({ type: 'error', error: { code: 'oops', message: 'm' } }), 'malformed-frame', 'error.code');
    assertError(parseServerFrame([]), 'malformed-frame');
  });

  it('decodes JSON within the size limit and refuses the rest', () => {
    assert.deepEqual(decodeFrame('{"type":"hello"}', 100), { ok: true, value: { type: 'hello' } });
    assertError(decodeFrame('{"type":', 100), 'malformed-frame');
    assertError(decodeFrame('', 100), 'malformed-frame');
    assertError(decodeFrame(`"${'x'.repeat(200)}"`, 100), 'malformed-frame');
    // 40 three-byte characters are 120 bytes: over a 100-byte limit though only 42 UTF-16 units.
    assertError(decodeFrame(`"${'€'.repeat(40)}"`, 100), 'malformed-frame');
    assert.ok(decodeFrame(`"${'€'.repeat(30)}"`, 100).ok);
    assertError(decodeFrame(42 as unknown as string, 100), 'malformed-frame');
  });

  it('never throws on arbitrary frames (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything()), (input) => {
        for (const result of [parseClientFrame(input), parseServerFrame(input), parseEvent(input), parseStreamEvent(input)]) {
          if (!result.ok) assert.ok(result.error.code.length > 0);
        }
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.string(), (text) => {
        const result = decodeFrame(text, 64);
        if (!result.ok) assert.equal(result.error.code, 'malformed-frame');
      }),
    );
  });
});
