import * as v from 'valibot';
import type {
  ChatError,
  ChatEvent,
  ChatEventType,
  InvitationView,
  SessionView,
  TranscriptEntry,
  UserSnapshot,
} from '../engine/types.js';
import type { StreamEvent } from './stream.js';
import { CHANNEL_SCHEMA, PRESENCE_SCHEMA, VISIBILITY_SCHEMA, kindOf } from './commands.js';
import {
  ERROR_CODES,
  describeIssue,
  fail,
  findUnsafeStructure,
  isPlainObject,
  issuePath,
  type Assert,
  type Equals,
  type ParseResult,
} from './shared.js';

// Events come from the server the client trusts, so they are checked for shape, not for the
// engine's size limits; the frame size limit bounds them as a whole.

const id = v.pipe(v.string(), v.minLength(1));
const time = v.pipe(v.number(), v.finite());
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const caseData = v.record(v.string(), v.string());

export const CHAT_ERROR_SCHEMA = v.object({
  code: v.picklist(ERROR_CODES),
  message: v.string(),
  field: v.optional(v.string()),
});

const ROLE = v.picklist(['agent', 'contact']);
const USER_REF = v.object({ id, name: v.string(), role: ROLE });

const PARTY_VIEW = v.object({
  userId: id,
  name: v.string(),
  role: ROLE,
  state: v.picklist(['invited', 'connected', 'left', 'removed', 'rejected', 'timed-out']),
  since: time,
});

const ENTRY_COMMON = { seq: count, id, at: time, visibility: VISIBILITY_SCHEMA };

export const TRANSCRIPT_ENTRY_SCHEMA = v.variant('kind', [
  v.object({
    kind: v.literal('message'),
    ...ENTRY_COMMON,
    from: USER_REF,
    text: v.string(),
    clientMessageId: v.optional(v.string()),
  }),
  v.object({
    kind: v.literal('notice'),
    ...ENTRY_COMMON,
    notice: v.picklist(['waiting', 'party-joined', 'party-left']),
    subject: v.optional(USER_REF),
    text: v.string(),
  }),
]);

const SESSION_STATE = v.picklist(['waiting', 'active', 'ended']);

export const SESSION_VIEW_SCHEMA = v.object({
  id,
  kind: v.picklist(['interaction', 'consultation']),
  parentId: v.optional(id),
  origin: v.string(),
  subject: v.string(),
  caseData,
  state: SESSION_STATE,
  ownerId: v.optional(id),
  contact: v.optional(USER_REF),
  parties: v.array(PARTY_VIEW),
  transcript: v.array(TRANSCRIPT_ENTRY_SCHEMA),
  createdAt: time,
  endedAt: v.optional(time),
  wrapUp: v.optional(
    v.object({ dispositionCode: v.optional(v.string()), note: v.optional(v.string()), done: v.boolean() }),
  ),
});

/** An invitation's kind, state and target kind: in events here, and in the server's snapshots. */
export const INVITATION_KIND_SCHEMA = v.picklist(['chat', 'conference', 'consultation', 'transfer']);
export const INVITATION_STATE_SCHEMA = v.picklist(['pending', 'accepted', 'rejected', 'cancelled', 'timed-out']);
export const TARGET_KIND_SCHEMA = v.picklist(['agent', 'queue', 'routing-point']);

export const INVITATION_VIEW_SCHEMA = v.object({
  id,
  kind: INVITATION_KIND_SCHEMA,
  state: INVITATION_STATE_SCHEMA,
  sessionId: id,
  consultationId: v.optional(id),
  from: USER_REF,
  target: v.object({ id, kind: TARGET_KIND_SCHEMA, name: v.string() }),
  contact: v.optional(USER_REF),
  invitee: v.optional(USER_REF),
  origin: v.string(),
  subject: v.string(),
  caseData,
  createdAt: time,
  expiresAt: v.optional(time),
  reason: v.optional(v.string()),
});

export const PRESENCE_RECORD = v.object({ chat: PRESENCE_SCHEMA, voice: PRESENCE_SCHEMA, email: PRESENCE_SCHEMA });

/** A directory target as searches and watches describe it (no member lists). */
export const DIRECTORY_TARGET = v.variant('kind', [
  v.object({
    kind: v.literal('agent'),
    id,
    name: v.string(),
    number: v.optional(v.string()),
    presence: PRESENCE_RECORD,
    chatCapacity: count,
  }),
  v.object({
    kind: v.picklist(['queue', 'routing-point']),
    id,
    name: v.string(),
    number: v.optional(v.string()),
  }),
]);

const CLIENT_CONFIG = v.object({
  maxMessageLength: count,
  maxFieldLength: count,
  inviteTimeoutMs: count,
  afterCallWork: v.object({ mode: v.picklist(['none', 'manual', 'timed']), durationMs: count }),
  disposition: v.object({
    codes: v.array(v.object({ id: v.string(), label: v.string() })),
    style: v.picklist(['list', 'radio']),
    required: v.boolean(),
  }),
});

export const USER_SNAPSHOT_SCHEMA = v.object({
  user: USER_REF,
  sessions: v.array(SESSION_VIEW_SCHEMA),
  invitations: v.array(INVITATION_VIEW_SCHEMA),
  presence: v.optional(PRESENCE_RECORD),
  config: CLIENT_CONFIG,
});

const EVENT_SCHEMAS = {
  snapshot: v.object({ type: v.literal('snapshot'), snapshot: USER_SNAPSHOT_SCHEMA }),
  'session-added': v.object({ type: v.literal('session-added'), session: SESSION_VIEW_SCHEMA }),
  'session-updated': v.object({
    type: v.literal('session-updated'),
    sessionId: id,
    state: SESSION_STATE,
    ownerId: v.optional(id),
    endedAt: v.optional(time),
  }),
  'session-removed': v.object({ type: v.literal('session-removed'), sessionId: id }),
  'party-updated': v.object({ type: v.literal('party-updated'), sessionId: id, party: PARTY_VIEW }),
  'entry-added': v.object({ type: v.literal('entry-added'), sessionId: id, entry: TRANSCRIPT_ENTRY_SCHEMA }),
  typing: v.object({ type: v.literal('typing'), sessionId: id, user: USER_REF, typing: v.boolean() }),
  'invitation-updated': v.object({ type: v.literal('invitation-updated'), invitation: INVITATION_VIEW_SCHEMA }),
  'wrap-up-updated': v.object({
    type: v.literal('wrap-up-updated'),
    sessionId: id,
    wrapUp: v.object({ dispositionCode: v.optional(v.string()), note: v.optional(v.string()), done: v.boolean() }),
  }),
  'presence-updated': v.object({
    type: v.literal('presence-updated'),
    userId: id,
    channel: CHANNEL_SCHEMA,
    state: PRESENCE_SCHEMA,
  }),
  error: v.object({ type: v.literal('error'), error: CHAT_ERROR_SCHEMA }),
} satisfies { [T in ChatEventType]: v.GenericSchema<unknown, { type: T }> };

// Marked pure so a client, which validates each event by its own schema (`parseEvent`),
// does not carry the union and the list.
export const EVENT_SCHEMA = /* @__PURE__ */ (() => v.variant('type', Object.values(EVENT_SCHEMAS)))();
export const EVENT_TYPES = /* @__PURE__ */ (() => Object.keys(EVENT_SCHEMAS) as ChatEventType[])();

export const STREAM_EVENT_SCHEMA = v.object({
  epoch: v.pipe(v.string(), v.minLength(1)),
  position: count,
  event: EVENT_SCHEMA,
});

export type _EventSchemaMatchesEngine = Assert<Equals<v.InferOutput<typeof EVENT_SCHEMA>, ChatEvent>>;
export type _EventTypesComplete = Assert<Equals<keyof typeof EVENT_SCHEMAS, ChatEventType>>;
export type _SessionViewMatches = Assert<Equals<v.InferOutput<typeof SESSION_VIEW_SCHEMA>, SessionView>>;
export type _InvitationViewMatches = Assert<Equals<v.InferOutput<typeof INVITATION_VIEW_SCHEMA>, InvitationView>>;
export type _EntryMatches = Assert<Equals<v.InferOutput<typeof TRANSCRIPT_ENTRY_SCHEMA>, TranscriptEntry>>;
export type _SnapshotMatches = Assert<Equals<v.InferOutput<typeof USER_SNAPSHOT_SCHEMA>, UserSnapshot>>;
export type _ErrorMatches = Assert<Equals<v.InferOutput<typeof CHAT_ERROR_SCHEMA>, ChatError>>;
export type _StreamEventMatches = Assert<Equals<v.InferOutput<typeof STREAM_EVENT_SCHEMA>, StreamEvent>>;

/** Validates one event body. Anything wrong with it, an unknown `type` included, is `malformed-frame`. */
export function parseEvent(input: unknown): ParseResult<ChatEvent> {
  return parseWith(input, 'event', (object) => {
    const type = object.type;
    if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(EVENT_SCHEMAS, type)) {
      return fail(
        'malformed-frame',
        typeof type === 'string' ? `"${type.slice(0, 40)}" is not an event this client knows.` : 'An event needs a "type".',
        'type',
      );
    }
    return validate(EVENT_SCHEMAS[type as ChatEventType], object, `The ${type} event's`);
  });
}

/** Validates an event with its stream position, as a transport hands it to the store. */
export function parseStreamEvent(input: unknown): ParseResult<StreamEvent> {
  return parseWith(input, 'stream event', (object) => {
    const event = parseEvent(object.event);
    if (!event.ok) return prefixField(event, 'event');
    const rest = validate(v.object({ epoch: STREAM_EVENT_SCHEMA.entries.epoch, position: count }), object, 'The stream event\'s');
    if (!rest.ok) return rest;
    return { ok: true, value: { epoch: rest.value.epoch, position: rest.value.position, event: event.value } };
  });
}

export function parseWith<R extends ParseResult<unknown>>(
  input: unknown,
  what: string,
  parse: (object: Record<string, unknown>) => R,
): R | { ok: false; error: ChatError } {
  try {
    if (!isPlainObject(input)) return fail('malformed-frame', `An ${what} must be a plain object; got ${kindOf(input)}.`);
    const unsafe = findUnsafeStructure(input);
    if (unsafe) return fail('malformed-frame', `The ${what} field "${unsafe.path}" ${unsafe.reason}.`, unsafe.path);
    return parse(input);
  } catch {
    return fail('malformed-frame', `The ${what} could not be read.`);
  }
}

export function validate<S extends v.GenericSchema>(
  schema: S,
  input: unknown,
  what: string,
): ParseResult<v.InferOutput<S>> {
  const result = v.safeParse(schema, input, { abortEarly: true });
  if (result.success) return { ok: true, value: result.output };
  const issue = result.issues[0];
  return fail('malformed-frame', describeIssue(what, issue), issuePath(issue) || undefined);
}

/** The same error, its field named from the enclosing object (`event.entry.seq`). */
export function prefixField(result: { ok: false; error: ChatError }, prefix: string): { ok: false; error: ChatError } {
  const field = result.error.field ? `${prefix}.${result.error.field}` : prefix;
  return { ok: false, error: { ...result.error, field } };
}
