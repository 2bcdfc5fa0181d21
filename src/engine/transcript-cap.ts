import type { EngineConfig, TranscriptEntry } from './types.js';
import { refuse } from './errors.js';
import type { SessionRec } from './state.js';

/**
 * How much of a transcript is counted so far, per session. Transcripts only grow at the end,
 * so each check adds the entries appended since the last one (notices included) instead of
 * walking the whole transcript; a session that is gone takes its count with it.
 */
const counted = new WeakMap<SessionRec, Count>();

interface Count {
  entries: number;
  bytes: number;
  /** The last draft checked, and its bytes: the entry appended next is usually it with a `seq` and an `id`. */
  draft?: object;
  draftBytes?: number;
}

/** Room for the `seq` and `id` a draft gets when it is appended (ids are short; this is generous). */
const ID_ALLOWANCE = 64;

/**
 * Refuses a message that would take the session's transcript past the configured entries
 * or bytes (each entry counted as it travels: its JSON in UTF-8), so that no snapshot
 * carrying the session can outgrow a client's frame limit. System notices are never
 * refused (the session must still be able to end), so they may take a transcript a
 * little past the limit.
 */
export function checkTranscriptRoom(s: SessionRec, draft: Omit<TranscriptEntry, 'seq' | 'id'>, config: EngineConfig): void {
  const used = usage(s);
  const draftBytes = wireBytes(JSON.stringify(draft));
  const bytes = draftBytes + ID_ALLOWANCE;
  if (used.entries + 1 > config.maxTranscriptEntries || used.bytes + bytes > config.maxTranscriptBytes) {
    throw refuse(
      'transcript-full',
      `This chat's transcript is full (at most ${config.maxTranscriptEntries} entries and ${Math.floor(config.maxTranscriptBytes / 1024)} KiB): no more messages can be added to it.`,
    );
  }
  if (draftBytes > 2) {
    used.draft = draft;
    used.draftBytes = draftBytes;
  }
}

function usage(s: SessionRec): Count {
  let count = counted.get(s);
  if (!count || count.entries > s.transcript.length) {
    count = { entries: 0, bytes: 0 };
    counted.set(s, count);
  }
  for (let i = count.entries; i < s.transcript.length; i++) {
    const entry = s.transcript[i]!;
    // An entry made from the draft checked last is that draft's JSON with `,"seq":…,"id":…` before
    // its closing brace: counted without encoding the whole entry a second time.
    count.bytes +=
      count.draft !== undefined && madeFrom(entry, count.draft)
        ? count.draftBytes! - 1 + wireBytes(`,"seq":${JSON.stringify(entry.seq)},"id":${JSON.stringify(entry.id)}}`)
        : wireBytes(JSON.stringify(entry));
  }
  count.draft = undefined;
  count.entries = s.transcript.length;
  return count;
}

/** Whether `entry` is `{ ...draft, seq, id }`: the draft's keys in order with the same values, then `seq` and `id`. */
function madeFrom(entry: TranscriptEntry, draft: object): boolean {
  const keys = Object.keys(entry);
  const draftKeys = Object.keys(draft);
  if (keys.length !== draftKeys.length + 2 || keys[keys.length - 2] !== 'seq' || keys[keys.length - 1] !== 'id') return false;
  for (let i = 0; i < draftKeys.length; i++) {
    const key = draftKeys[i]!;
    if (keys[i] !== key || (entry as unknown as Record<string, unknown>)[key] !== (draft as Record<string, unknown>)[key]) return false;
  }
  return true;
}

/** UTF-8 bytes of `text` (already JSON, so escapes are counted as the characters they are). */
export function wireBytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4; // a surrogate pair: one 4-byte character
      i++;
    } else bytes += 3;
  }
  return bytes;
}
