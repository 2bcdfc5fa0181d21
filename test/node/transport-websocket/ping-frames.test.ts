import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeFrame, encodeFrame, parseClientFrame, parseServerFrame } from '../../../src/protocol/index.js';

// The liveness frames the WebSocket transport adds to the protocol.
describe('ping and pong frames', () => {
  it('round-trip with and without an id', () => {
    for (const frame of [{ type: 'ping' as const }, { type: 'ping' as const, id: 'hb-1' }]) {
      const result = parseClientFrame(JSON.parse(encodeFrame(frame)));
      assert.ok(result.ok, !result.ok ? result.error.message : '');
      assert.deepEqual(result.value, frame);
    }
    for (const frame of [{ type: 'pong' as const }, { type: 'pong' as const, id: 'hb-1' }]) {
      const decoded = decodeFrame(encodeFrame(frame), 1000);
      assert.ok(decoded.ok);
      const result = parseServerFrame(decoded.value);
      assert.ok(result.ok, !result.ok ? result.error.message : '');
      assert.deepEqual(result.value, frame);
    }
  });

  it('refuse a ping or pong whose id is not a usable frame id', () => {
    for (const result of [
      parseClientFrame({ type: 'ping', id: '' }),
      parseClientFrame({ type: 'ping', id: 7 }),
      parseServerFrame({ type: 'pong', id: 'x'.repeat(257) }),
    ]) {
      assert.equal(result.ok, false);
      assert.equal(!result.ok && result.error.code, 'malformed-frame');
      assert.equal(!result.ok && result.error.field, 'id');
    }
  });

  it('is a direction-specific frame: a client cannot send pong, a server cannot send ping', () => {
    assert.equal(parseClientFrame({ type: 'pong' }).ok, false);
    assert.equal(parseServerFrame({ type: 'ping' }).ok, false);
  });
});
