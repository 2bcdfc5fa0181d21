import type { EngineConfig, TranscriptEntry } from './types.js';
import { refuse } from './errors.js';
import type { SessionRec } from './state.js';

/**
 * How much of a transcript is counted so far, per session. Transcripts only grow at the end,
 * so each check adds the entries appended since the last one (notices included) instead of
 * walking the whole transcript; a session that is gone takes its count with it.
 */
const counted = new WeakMap<SessionRec, { entries: number; bytes: number }>();

/**
 * Refuses a message that would take the session's transcript past the configured entries
 * or bytes, so that no snapshot carrying it can outgrow a client's frame limit. System
 * notices are never refused (the session must still be able to end), so they may take a
 * transcript a little past the limit.
 */
export function checkTranscriptRoom(s: SessionRec, text: string, config: EngineConfig): void {
  const used = usage(s);
  if (used.entries + 1 > config.maxTranscriptEntries || used.bytes + wireBytes(text) > config.maxTranscriptBytes) {
    throw refuse(
      'transcript-full',
      `This chat's transcript is full (at most ${config.maxTranscriptEntries} entries and ${Math.floor(config.maxTranscriptBytes / 1024)} KiB): no more messages can be added to it.`,
    );
  }
}

function usage(s: SessionRec): { entries: number; bytes: number } {
  let count = counted.get(s);
  if (!count || count.entries > s.transcript.length) count = { entries: 0, bytes: 0 };
  for (let i = count.entries; i < s.transcript.length; i++) count.bytes += entryBytes(s.transcript[i]!);
  count.entries = s.transcript.length;
  counted.set(s, count);
  return count;
}

function entryBytes(entry: TranscriptEntry): number {
  return wireBytes(entry.text);
}

/** The bytes `text` takes inside a JSON frame: UTF-8, with JSON's escapes. Never less than the truth. */
export function wireBytes(text: string): number {
  let bytes = 2;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20) bytes += 6;
    else if (code === 0x22 || code === 0x5c) bytes += 2;
    else if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else bytes += 3; // a surrogate half counts 3: a pair (4 bytes in UTF-8) is over-counted, never under
  }
  return bytes;
}
