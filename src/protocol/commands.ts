import * as v from 'valibot';
import type { Command, CommandType } from '../engine/types.js';
import {
  DEFAULT_LIMITS,
  describeIssue,
  fail,
  findUnsafeStructure,
  isPlainObject,
  issuePath,
  boundedString,
  stringRecord,
  type Assert,
  type Equals,
  type ParseResult,
  type ProtocolLimits,
} from './shared.js';

export const CHANNEL_SCHEMA = v.picklist(['chat', 'voice', 'email']);
export const PRESENCE_SCHEMA = v.picklist(['ready', 'not-ready', 'after-call-work', 'offline']);
export const VISIBILITY_SCHEMA = v.picklist(['all', 'agents']);

/** Builds the schema of every command, bounded by `limits`. */
export function createCommandSchemas(limits: ProtocolLimits = DEFAULT_LIMITS) {
  const id = (label: string) => boundedString(limits.maxIdLength, label, 1);
  const field = (label: string) => boundedString(limits.maxFieldLength, label);
  const base = { commandId: v.optional(id('the command id')) };
  const sessionId = id('the session id');
  const invitationId = id('the invitation id');

  const schemas = {
    'start-chat': v.object({
      ...base,
      type: v.literal('start-chat'),
      subject: field('the subject'),
      caseData: v.optional(stringRecord(limits)),
      targetId: v.optional(id('the target id')),
    }),
    'send-message': v.object({
      ...base,
      type: v.literal('send-message'),
      sessionId,
      text: boundedString(limits.maxTextLength, 'the message'),
      visibility: v.optional(VISIBILITY_SCHEMA),
      clientMessageId: v.optional(id('the client message id')),
    }),
    'set-typing': v.object({
      ...base,
      type: v.literal('set-typing'),
      sessionId,
      typing: v.boolean(),
      visibility: v.optional(VISIBILITY_SCHEMA),
    }),
    invite: v.object({
      ...base,
      type: v.literal('invite'),
      sessionId,
      kind: v.picklist(['conference', 'consultation', 'transfer']),
      targetId: id('the target id'),
      consultationId: v.optional(id('the consultation id')),
    }),
    'accept-invitation': v.object({ ...base, type: v.literal('accept-invitation'), invitationId }),
    'reject-invitation': v.object({ ...base, type: v.literal('reject-invitation'), invitationId }),
    'cancel-invitation': v.object({ ...base, type: v.literal('cancel-invitation'), invitationId }),
    leave: v.object({ ...base, type: v.literal('leave'), sessionId }),
    'remove-party': v.object({ ...base, type: v.literal('remove-party'), sessionId, userId: id('the user id') }),
    'set-disposition': v.object({
      ...base,
      type: v.literal('set-disposition'),
      sessionId,
      dispositionCode: v.optional(field('the disposition code')),
      note: v.optional(field('the note')),
    }),
    'mark-done': v.object({ ...base, type: v.literal('mark-done'), sessionId }),
    'set-presence': v.object({ ...base, type: v.literal('set-presence'), channel: CHANNEL_SCHEMA, state: PRESENCE_SCHEMA }),
  } satisfies { [T in CommandType]: v.GenericSchema<unknown, { type: T }> };

  return { byType: schemas, command: v.variant('type', Object.values(schemas)) };
}

export type CommandSchemas = ReturnType<typeof createCommandSchemas>;

/**
 * The schemas a host checks commands with before its engine runs them: the engine's own
 * text and field lengths, the default bounds for ids and case data.
 */
export function engineCommandSchemas(config: { maxMessageLength: number; maxFieldLength: number }): CommandSchemas {
  return createCommandSchemas({ ...DEFAULT_LIMITS, maxTextLength: config.maxMessageLength, maxFieldLength: config.maxFieldLength });
}

// Marked pure so a client bundle that only reads events (the picklists above) drops the
// command schemas: only the server and the in-memory transport validate commands.
const DEFAULT_SCHEMAS = /* @__PURE__ */ createCommandSchemas();
export const COMMAND_SCHEMA = /* @__PURE__ */ (() => DEFAULT_SCHEMAS.command)();
export const COMMAND_TYPES = /* @__PURE__ */ (() => Object.keys(DEFAULT_SCHEMAS.byType) as CommandType[])();

export type _CommandSchemaMatchesEngine = Assert<Equals<v.InferOutput<typeof COMMAND_SCHEMA>, Command>>;
export type _CommandTypesComplete = Assert<Equals<keyof CommandSchemas['byType'], CommandType>>;

/**
 * Validates a command from any source (a JSON frame, a careless JS caller). An unknown or
 * missing `type` is `invalid-command`; a bad field is `invalid-input` naming the field.
 * Unknown extra fields are dropped, so the value holds exactly what the engine expects.
 */
export function parseCommand(input: unknown, schemas: CommandSchemas = DEFAULT_SCHEMAS): ParseResult<Command> {
  try {
    if (!isPlainObject(input)) {
      return fail('invalid-command', `A command must be a plain object with a "type"; got ${kindOf(input)}.`);
    }
    const type = input.type;
    if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(schemas.byType, type)) {
      return fail(
        'invalid-command',
        typeof type === 'string'
          ? `"${type.length > 40 ? `${type.slice(0, 40)}…` : type}" is not a command this engine knows.`
          : 'A command needs a "type" naming what to do.',
        'type',
      );
    }
    const unsafe = findUnsafeStructure(input);
    if (unsafe) return fail('invalid-input', `The command field "${unsafe.path}" ${unsafe.reason}.`, unsafe.path);
    const result = v.safeParse(schemas.byType[type as CommandType], input, { abortEarly: true });
    if (!result.success) {
      const issue = result.issues[0];
      return fail('invalid-input', describeIssue(`The ${type} command's`, issue), issuePath(issue) || undefined);
    }
    return { ok: true, value: result.output as Command };
  } catch {
    // A getter that throws or a revoked proxy: the caller handed us something we cannot read.
    return fail('invalid-command', 'The command could not be read.');
  }
}

export function kindOf(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  if (typeof input === 'object') return 'an object that is not a plain object';
  return `a ${typeof input}`;
}
