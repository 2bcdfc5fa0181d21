import type { TranscriptItem } from '../../store/types.js';

/**
 * Rows of about the same height, for the virtualizer's estimate of rows it has not measured:
 * notices, and messages by whether they are sent yet and by length (a line holds some 50
 * characters at common widths; buckets of 16 keep the classes few enough to be measured).
 */
export const sizeClass = (item: unknown): number => {
  const row = item as TranscriptItem | undefined;
  if (!row) return 0;
  if (row.kind === 'pending') return 1_000 + (row.pending.status === 'failed' ? 500 : 0) + Math.min(400, Math.floor(row.pending.text.length / 16));
  if (row.entry.kind === 'notice') return 1 + (row.entry.visibility === 'agents' ? 1 : 0);
  return 10 + (row.entry.visibility === 'agents' ? 500 : 0) + Math.min(400, Math.floor(row.entry.text.length / 16));
};
