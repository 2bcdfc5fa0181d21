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
  /** The last draft checked, its JSON and its bytes: the entry appended next is usually that draft, given a `seq` and an `id`. */
  draft?: object | undefined;
  draftJson?: string | undefined;
  draftBytes?: number;
}

/** The end of a draft's JSON when it carries placeholders for its `seq` and `id`. */
const PLACEHOLDERS = ',"seq":0,"id":""}';

/** Room for the `seq` and `id` a draft gets when it is appended (ids are short; this is generous). */
const ID_ALLOWANCE = 64;

/**
 * Refuses a message that would take the session's transcript past the configured entries
 * or bytes (each entry counted as it travels: its JSON in UTF-8), so that no snapshot
 * carrying the session can outgrow a client's frame limit. System notices are never
 * refused (the session must still be able to end), so they may take a transcript a
 * little past the limit.
 */
export function checkTranscriptRoom(s: SessionRec, draft: Omit<TranscriptEntry, 'seq' | 'id'> | TranscriptEntry, config: EngineConfig): void {
  const used = usage(s);
  // A draft may carry its `seq` and `id` already, as placeholders (0 and ''), last: they are not counted here.
  const json = JSON.stringify(draft);
  const draftBytes = jsonBytes(json) - (json.endsWith(PLACEHOLDERS) ? PLACEHOLDERS.length - 1 : 0);
  const bytes = draftBytes + ID_ALLOWANCE;
  if (used.entries + 1 > config.maxTranscriptEntries || used.bytes + bytes > config.maxTranscriptBytes) {
    throw refuse(
      'transcript-full',
      `This chat's transcript is full (at most ${config.maxTranscriptEntries} entries and ${Math.floor(config.maxTranscriptBytes / 1024)} KiB): no more messages can be added to it.`,
    );
  }
  if (draftBytes > 2) {
    used.draft = draft;
    used.draftJson = json;
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
    // The draft checked last, appended (appendEntry gives the draft itself a `seq` and an `id`,
    // last), is that draft's JSON with `,"seq":…,"id":…` before its closing brace: counted
    // without encoding the whole entry a second time.
    count.bytes +=
      entry === count.draft && madeFrom(entry)
        ? count.draftBytes! - 1 + jsonBytes(idTail(entry))
        : jsonBytes(JSON.stringify(entry));
  }
  count.draft = undefined;
  count.draftJson = undefined;
  count.entries = s.transcript.length;
  return count;
}

/**
 * The JSON text of `entry`, appended to `s` just now, when it is the draft checked last and
 * carried placeholders for its `seq` and `id`: the draft's JSON with them filled in, instead
 * of encoding the entry a second time for its event.
 */
export function appendedEntryJson(s: SessionRec, entry: TranscriptEntry): string | undefined {
  const count = counted.get(s);
  const json = count?.draftJson;
  if (json === undefined || entry !== count!.draft || !json.endsWith(PLACEHOLDERS) || !madeFrom(entry)) return undefined;
  // Used once: the session does not keep the text until its next message.
  count!.draftJson = undefined;
  return `${json.slice(0, -PLACEHOLDERS.length)}${idTail(entry)}`;
}

/** How an appended draft's JSON ends: its `seq` and `id`, then the closing brace. */
function idTail(entry: TranscriptEntry): string {
  return `,"seq":${JSON.stringify(entry.seq)},"id":${JSON.stringify(entry.id)}}`;
}

/** Whether the draft's last two keys are the `seq` and `id` it was given (nothing was added after them). */
function madeFrom(entry: TranscriptEntry): boolean {
  let last = '';
  let beforeLast = '';
  for (const key in entry) {
    beforeLast = last;
    last = key;
  }
  return beforeLast === 'seq' && last === 'id';
}

/** Anything outside ASCII (JSON escapes every control character, so the rest is one byte each). */
const NOT_ASCII = /[^\x00-\x7f]/;

/** UTF-8 bytes of a JSON text: its length when it is all ASCII, which a native search tells sooner than a loop. */
function jsonBytes(json: string): number {
  return NOT_ASCII.test(json) ? wireBytes(json) : json.length;
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
