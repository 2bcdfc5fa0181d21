import * as v from 'valibot';
import type { ChatError, ChatEvent, Command, CommandResult, DirectoryTarget } from '../engine/types.js';
import { MAX_DIRECTORY_PAGE, MAX_WATCHED_TARGETS, parseDirectoryQuery, parseWatchIds, type DirectoryPage, type DirectoryQuery, type PresenceChange } from './directory.js';
import type { StreamPosition } from './stream.js';
import { parseCommand, type CommandSchemas } from './commands.js';
import { CHAT_ERROR_SCHEMA, DIRECTORY_TARGET, parseEvent, parseWith, prefixField, validate } from './events.js';
import { CHANNEL_SCHEMA, PRESENCE_SCHEMA } from './commands.js';
import { fail, type Assert, type Equals, type ParseResult } from './shared.js';

// The frames a network transport exchanges. One JSON object per frame.

/** client → server */
export type ClientFrame =
  /** Opens (or resumes) the stream; the first frame on a connection. */
  | { type: 'hello'; token?: string; resumeFrom?: StreamPosition }
  /** A command; the server answers with a `result` frame carrying the same `id`. */
  | { type: 'command'; id: string; command: Command }
  /**
   * Application-level liveness (browsers cannot see WebSocket pings). The server answers
   * each with a `pong` echoing `id`, in frame order: a pong to a ping sent right after
   * `hello` also tells the client the hello was accepted and every resumed event was sent.
   */
  | { type: 'ping'; id?: string }
  /** A directory search; answered by a `search-result` with the same `id`. Not a command: nothing is journaled. */
  | { type: 'search'; id: string; query: DirectoryQuery }
  /**
   * Replaces this connection's watch list; answered by a `watch-result` with the same `id`
   * (the targets' current entries). `presence` frames then carry changes of the watched agents.
   */
  | { type: 'watch'; id: string; ids: string[] };

/** What a `search` or `watch` is answered with: the value, or why it was refused (nothing changed then). */
export type Answer<K extends string, T> = { ok: true } & { [key in K]: T } | { ok: false; error: ChatError };

/** server → client */
export type ServerFrame =
  | { type: 'event'; epoch: string; position: number; event: ChatEvent }
  | { type: 'result'; id: string; result: CommandResult }
  /** A problem outside any command (a malformed frame, refused credentials). */
  | { type: 'error'; error: ChatError }
  /** The answer to a `ping`, with the ping's `id`. */
  | { type: 'pong'; id?: string }
  | { type: 'search-result'; id: string; result: Answer<'page', DirectoryPage> }
  | { type: 'watch-result'; id: string; result: Answer<'targets', DirectoryTarget[]> }
  /** A watched agent's presence changed. Outside the ordered stream: no position. */
  | ({ type: 'presence' } & PresenceChange);

const MAX_FRAME_ID_LENGTH = 256;
const MAX_TOKEN_LENGTH = 16_384;
const frameId = v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_FRAME_ID_LENGTH));
const position = v.pipe(v.number(), v.integer(), v.minValue(0));
const epoch = v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_FRAME_ID_LENGTH));

const HELLO_SCHEMA = v.object({
  type: v.literal('hello'),
  token: v.optional(v.pipe(v.string(), v.maxLength(MAX_TOKEN_LENGTH))),
  resumeFrom: v.optional(v.object({ epoch, position })),
});

const PING_SCHEMA = v.object({ type: v.literal('ping'), id: v.optional(frameId) });
const PONG_SCHEMA = v.object({ type: v.literal('pong'), id: v.optional(frameId) });

const COMMAND_VALUE_SCHEMA = v.object({
  sessionId: v.optional(v.string()),
  invitationId: v.optional(v.string()),
  entryId: v.optional(v.string()),
});

/** A refusal: the answer to a command, a search or a watch that changed nothing. */
const REFUSED_SCHEMA = v.object({ ok: v.literal(false), error: CHAT_ERROR_SCHEMA });

export const COMMAND_RESULT_SCHEMA = v.variant('ok', [v.object({ ok: v.literal(true), value: v.optional(COMMAND_VALUE_SCHEMA) }), REFUSED_SCHEMA]);

const targets = (max: number) => v.pipe(v.array(DIRECTORY_TARGET), v.maxLength(max));
const SEARCH_RESULT_SCHEMA = v.object({
  type: v.literal('search-result'),
  id: frameId,
  result: v.variant('ok', [
    v.object({
      ok: v.literal(true),
      page: v.object({ targets: targets(MAX_DIRECTORY_PAGE), total: position, offset: position }),
    }),
    REFUSED_SCHEMA,
  ]),
});
const WATCH_RESULT_SCHEMA = v.object({
  type: v.literal('watch-result'),
  id: frameId,
  result: v.variant('ok', [
    v.object({ ok: v.literal(true), targets: targets(MAX_WATCHED_TARGETS) }),
    REFUSED_SCHEMA,
  ]),
});
const PRESENCE_FRAME_SCHEMA = v.object({
  type: v.literal('presence'),
  userId: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_FRAME_ID_LENGTH)),
  channel: CHANNEL_SCHEMA,
  state: PRESENCE_SCHEMA,
});

// Event frames are read by `parseEvent` (each event by its own schema), not by this union.
const SERVER_FRAME_SCHEMA = v.variant('type', [
  v.object({ type: v.literal('result'), id: frameId, result: COMMAND_RESULT_SCHEMA }),
  v.object({ type: v.literal('error'), error: CHAT_ERROR_SCHEMA }),
  PONG_SCHEMA,
  SEARCH_RESULT_SCHEMA,
  WATCH_RESULT_SCHEMA,
  PRESENCE_FRAME_SCHEMA,
]);

export type _ResultMatches = Assert<Equals<v.InferOutput<typeof COMMAND_RESULT_SCHEMA>, CommandResult>>;
export type _ServerFrameMatches = Assert<Equals<v.InferOutput<typeof SERVER_FRAME_SCHEMA>, Exclude<ServerFrame, { type: 'event' }>>>;
export type _HelloMatches = Assert<Equals<v.InferOutput<typeof HELLO_SCHEMA>, Extract<ClientFrame, { type: 'hello' }>>>;
export type _PingMatches = Assert<Equals<v.InferOutput<typeof PING_SCHEMA>, Extract<ClientFrame, { type: 'ping' }>>>;

/**
 * A client frame that failed validation. When it was a command frame whose `id` could be
 * read, `id` is set so the server can answer that command with `{ok:false, error}`.
 */
export type ClientFrameResult =
  | { ok: true; value: ClientFrame }
  | { ok: false; error: ChatError; id?: string; answer?: 'result' | 'search-result' | 'watch-result' };

/**
 * Validates a frame from a client. A bad command inside a readable command frame answers
 * with the command's own error (`invalid-command` / `invalid-input`); anything else is
 * `malformed-frame`.
 */
export function parseClientFrame(input: unknown, schemas?: CommandSchemas): ClientFrameResult {
  return parseWith<ClientFrameResult>(input, 'client frame', (object): ClientFrameResult => {
    switch (object.type) {
      case 'hello':
        return validate(HELLO_SCHEMA, object, 'The hello frame\'s');
      case 'command': {
        const id = validate(frameId, object.id, 'The command frame\'s id');
        if (!id.ok) return { ok: false, error: { ...id.error, field: 'id' } };
        const command = parseCommand(object.command, schemas);
        if (!command.ok) {
          return { ...prefixField(command, 'command'), id: id.value, answer: 'result' };
        }
        return { ok: true, value: { type: 'command', id: id.value, command: command.value } };
      }
      case 'ping':
        return validate(PING_SCHEMA, object, 'The ping frame\'s');
      case 'search': {
        const id = validate(frameId, object.id, 'The search frame\'s id');
        if (!id.ok) return { ok: false, error: { ...id.error, field: 'id' } };
        const query = parseDirectoryQuery(object.query);
        if (!query.ok) return { ...prefixField(query, 'query'), id: id.value, answer: 'search-result' };
        return { ok: true, value: { type: 'search', id: id.value, query: query.value } };
      }
      case 'watch': {
        const id = validate(frameId, object.id, 'The watch frame\'s id');
        if (!id.ok) return { ok: false, error: { ...id.error, field: 'id' } };
        const ids = parseWatchIds(object.ids);
        if (!ids.ok) return { ...ids, id: id.value, answer: 'watch-result' };
        return { ok: true, value: { type: 'watch', id: id.value, ids: ids.value } };
      }
      default:
        return fail('malformed-frame', 'A client frame must have type "hello", "command", "ping", "search" or "watch".', 'type');
    }
  });
}

/** Validates a frame from the server. Anything wrong is `malformed-frame`. */
export function parseServerFrame(input: unknown): ParseResult<ServerFrame> {
  return parseWith(input, 'server frame', (object): ParseResult<ServerFrame> => {
    switch (object.type) {
      case 'event': {
        const event = parseEvent(object.event);
        if (!event.ok) return prefixField(event, 'event');
        const head = validate(v.object({ epoch, position }), object, 'The event frame\'s');
        if (!head.ok) return head;
        return { ok: true, value: { type: 'event', ...head.value, event: event.value } };
      }
      case 'result':
      case 'error':
      case 'pong':
      case 'search-result':
      case 'watch-result':
      case 'presence':
        return validate(SERVER_FRAME_SCHEMA, object, `The ${object.type} frame's`);
      default:
        return fail('malformed-frame', 'A server frame must have type "event", "result", "error", "pong", "search-result", "watch-result" or "presence".', 'type');
    }
  });
}

/** UTF-8, for frame sizes (the transports use it too). */
export const utf8 = new TextEncoder();

/** Whether `text` is more than `maxBytes` of UTF-8, without encoding it when the answer is obvious. */
export function exceedsBytes(text: string, maxBytes: number): boolean {
  if (text.length > maxBytes) return true; // every UTF-16 unit is at least one byte
  if (text.length * 3 <= maxBytes) return false; // and at most three
  return utf8.encode(text).byteLength > maxBytes;
}

/**
 * Turns one received text frame into a JSON value. Oversized frames are refused before
 * parsing so a hostile peer cannot make us parse megabytes.
 */
export function decodeFrame(text: string, maxBytes: number): ParseResult<unknown> {
  if (typeof text !== 'string') return fail('malformed-frame', 'A frame must be text.');
  if (exceedsBytes(text, maxBytes)) {
    return fail('malformed-frame', `The frame is larger than the ${maxBytes}-byte limit.`);
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return fail('malformed-frame', 'The frame is not valid JSON.');
  }
}

/** The JSON text of a frame. */
export function encodeFrame(frame: ClientFrame | ServerFrame): string {
  return JSON.stringify(frame);
}
