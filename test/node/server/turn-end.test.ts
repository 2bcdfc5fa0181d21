import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { atTurnEnd, sendAtTurnEnd } from '../../../server/turn-end.js';

describe('the end of a turn', () => {
  it('sends the frames that the turn-end work released in the same pass, and defers work it asks for to the next turn', async () => {
    const order: string[] = [];
    await new Promise<void>((resolve) => {
      sendAtTurnEnd(() => order.push('send before'));
      atTurnEnd(() => {
        order.push('journal written, answers released');
        setImmediate(() => order.push('the next loop iteration'));
        sendAtTurnEnd(() => order.push('answers sent'));
        atTurnEnd(() => {
          order.push('a command a reply sent: next turn');
          resolve();
        });
      });
    });
    assert.deepEqual(order, [
      'journal written, answers released',
      'send before',
      'answers sent',
      'the next loop iteration',
      'a command a reply sent: next turn',
    ]);
  });
});
