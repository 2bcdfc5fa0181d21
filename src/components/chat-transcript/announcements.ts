import { msg, str } from '@lit/localize';
import type { TranscriptItem } from '../../store/types.js';
import { noticeText } from '../shared/labels.js';

/*
 * What the transcript's polite live region says when entries arrive. Kept apart from the
 * element so the rules (who is announced, how a burst is summarised) read in one place.
 */

/** More lines than this in one batch are summarised, so a burst does not flood the reader. */
export const MAX_ANNOUNCED_LINES = 3;

/** Tracks which entries were already seen, so only later arrivals are announced. */
export class ArrivalTracker {
  private lastSeq: number | undefined;
  private failed = new Set<string>();

  /** Forgets everything: the next non-empty transcript is a fresh initial load again. */
  reset(): void {
    this.lastSeq = undefined;
    this.failed.clear();
  }

  /**
   * Lines to announce for `items`, compared with what was seen before. The first
   * non-empty transcript is the initial load and announces nothing. Entries by others
   * and notices are announced; own messages are not (the writer knows), except when
   * one fails to send.
   */
  arrivals(items: readonly TranscriptItem[]): string[] {
    // Walked from the end: pending messages come last and entries are in sequence order,
    // so the walk stops at the first entry already seen — the cost is what arrived, not
    // the length of the transcript.
    const initial = this.lastSeq === undefined;
    const seen = this.lastSeq ?? 0;
    const entryLines: string[] = [];
    const failedLines: string[] = [];
    const failedNow = new Set<string>();
    let maxSeq = seen;
    let sawEntry = false;
    for (let i = items.length - 1; i >= 0; i--) {
      const item = items[i]!;
      if (item.kind === 'pending') {
        if (item.pending.status !== 'failed') continue;
        failedNow.add(item.pending.clientMessageId);
        if (!initial && !this.failed.has(item.pending.clientMessageId)) {
          const reason = item.pending.error?.message ?? '';
          failedLines.push(reason ? msg(str`Message not sent: ${reason}`) : msg('Message not sent.'));
        }
        continue;
      }
      const entry = item.entry;
      if (!sawEntry) {
        sawEntry = true;
        if (entry.seq > maxSeq) maxSeq = entry.seq;
      }
      if (initial || entry.seq <= seen) break;
      if (!item.own) entryLines.push(describeEntry(item));
    }
    if (items.length > 0 || !initial) this.lastSeq = maxSeq;
    this.failed = failedNow;
    return [...entryLines.reverse(), ...failedLines.reverse()];
  }
}

function describeEntry(item: Extract<TranscriptItem, { kind: 'entry' }>): string {
  const entry = item.entry;
  if (entry.kind === 'notice') return noticeText(entry);
  const name = entry.from.name;
  const text = entry.text;
  return entry.visibility === 'agents' ? msg(str`${name}, agents only: ${text}`) : msg(str`${name}: ${text}`);
}

/** One announcement for a batch of lines: all of them when few, else a count and the latest. */
export function summarise(lines: readonly string[]): string {
  if (lines.length <= MAX_ANNOUNCED_LINES) return lines.join('\n');
  const count = lines.length;
  const latest = lines[lines.length - 1]!;
  return msg(str`${count} new entries. Latest: ${latest}`);
}
