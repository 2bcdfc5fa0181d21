import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { nodeBackgroundFs, type BackgroundFs } from '../../../server/persistence.js';
import { SnapshotCancelled, writeSnapshotInSlices } from '../../../server/snapshot-file.js';
import { mulberry32 } from '../../../src/shared/prng.js';
import { inTempDir } from '../support/temp-dir.js';

/** Pieces of every size a snapshot yields (a small record, a batch of entries, a whole large transcript) in any script. */
function randomPieces(seed: number, count: number): string[] {
  const random = mulberry32(seed);
  const alphabet = ['a', '"', '\\n', 'é', '€', '😀', '字', ' '];
  const pieces: string[] = [];
  for (let i = 0; i < count; i++) {
    const size = random() < 0.05 ? Math.floor(random() * 600_000) : Math.floor(random() * 3_000);
    let text = '';
    while (text.length < size) text += alphabet[Math.floor(random() * alphabet.length)]!.repeat(1 + Math.floor(random() * 50));
    pieces.push(text);
  }
  return pieces;
}

describe('writing a snapshot in slices', () => {
  it('the file holds exactly the UTF-8 of the pieces joined, whatever their sizes and characters', async () => {
    await inTempDir('wc-slices-', async (dir) => {
      for (const seed of [1, 2, 3]) {
        const pieces = randomPieces(seed, 300);
        // One piece alone larger than the buffer a slice is encoded into (a megabyte).
        if (seed === 3) pieces.splice(100, 0, '€'.repeat(400_000));
        const file = join(dir, `snapshot-${seed}.json`);
        const report = await writeSnapshotInSlices(nodeBackgroundFs, file, pieces[Symbol.iterator](), () => false);
        const expected = Buffer.from(pieces.join(''), 'utf8');
        const written = readFileSync(file);
        assert.equal(written.length, expected.length, `seed ${seed}: bytes`);
        assert.ok(written.equals(expected), `seed ${seed}: the text differs`);
        assert.equal(report.bytes, expected.length);
        assert.ok(report.slices > 1, 'written in several slices');
      }
    });
  });

  it('a disk that answers late still gets every slice whole and in order', async () => {
    await inTempDir('wc-slices-', async (dir) => {
      // It copies what it was given only when it answers: a buffer changed while the write was under way would show.
      const chunks: Buffer[] = [];
      const slowFs: BackgroundFs = {
        ...nodeBackgroundFs,
        write: async (fd, buffer, offset, length) => {
          await new Promise((resolve) => setTimeout(resolve, 1));
          chunks.push(Buffer.from(buffer.subarray(offset, offset + length)));
          return nodeBackgroundFs.write(fd, buffer, offset, length);
        },
      };
      const pieces = randomPieces(7, 400);
      await writeSnapshotInSlices(slowFs, join(dir, 'slow.json'), pieces[Symbol.iterator](), () => false);
      assert.ok(chunks.length > 1);
      assert.ok(Buffer.concat(chunks).equals(Buffer.from(pieces.join(''), 'utf8')));
    });
  });

  it('given up midway, it throws SnapshotCancelled and leaves no file', async () => {
    await inTempDir('wc-slices-', async (dir) => {
      let slices = 0;
      const counting: BackgroundFs = { ...nodeBackgroundFs, write: (...args) => (slices++, nodeBackgroundFs.write(...args)) };
      const file = join(dir, 'cancelled.json');
      await assert.rejects(writeSnapshotInSlices(counting, file, randomPieces(9, 400)[Symbol.iterator](), () => slices >= 2), SnapshotCancelled);
      assert.throws(() => readFileSync(file), { code: 'ENOENT' });
    });
  });
});
