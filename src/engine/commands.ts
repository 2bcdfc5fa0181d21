import type { Channel, Command, CommandType, EngineConfig, PresenceState, Visibility } from './types.js';
import { CHANNELS, PRESENCE_STATES } from './types.js';
import { invalidInput, refuse } from './errors.js';

const COMMAND_TYPES: readonly CommandType[] = [
  'start-chat',
  'send-message',
  'set-typing',
  'invite',
  'accept-invitation',
  'reject-invitation',
  'cancel-invitation',
  'leave',
  'remove-party',
  'set-disposition',
  'mark-done',
  'set-presence',
];

/** What a contact may do; everything else is an agent's command. */
export const CONTACT_COMMANDS: ReadonlySet<CommandType> = new Set(['start-chat', 'send-message', 'set-typing', 'leave']);

/** Case data may hold this many keys at most, so one chat cannot carry unbounded data. */
export const MAX_CASE_DATA_KEYS = 50;
/** Longest id a client may send (session, invitation, command, client message ids). */
export const MAX_ID_LENGTH = 200;

type Input = Record<string, unknown>;
type SendMessage = Extract<Command, { type: 'send-message' }>;

/**
 * Turns whatever a transport handed over into a well-formed command, or throws a refusal.
 * The engine receives unknown data from the network, so nothing is trusted: the result
 * holds only the fields the command defines, each of the right type and within bounds.
 */
export function parseCommand(input: unknown, config: EngineConfig): Command {
  if (!isRecord(input)) throw refuse('invalid-command', 'A command must be an object with a type.');
  const type = input.type;
  if (typeof type !== 'string' || !(COMMAND_TYPES as readonly string[]).includes(type)) {
    throw refuse('invalid-command', `'${String(type).slice(0, 50)}' is not a command this engine knows.`, 'type');
  }
  const commandId = optionalId(input, 'commandId');
  switch (type as CommandType) {
    case 'start-chat': {
      const subject = boundedText(input, 'subject', config.maxFieldLength);
      const caseData = parseCaseData(input.caseData, config.maxFieldLength);
      const targetId = optionalId(input, 'targetId');
      return withCommandId(commandId, {
        type: 'start-chat' as const,
        subject,
        ...(caseData ? { caseData } : {}),
        ...(targetId !== undefined ? { targetId } : {}),
      });
    }
    case 'send-message': {
      const sessionId = id(input, 'sessionId');
      if (typeof input.text !== 'string') throw invalidInput('text', 'The message text must be a string.');
      const text = input.text.trim();
      if (text === '') throw invalidInput('text', 'The message is empty.');
      if (text.length > config.maxMessageLength) {
        throw invalidInput('text', `The message is longer than ${config.maxMessageLength} characters.`);
      }
      const visibility = parseVisibility(input.visibility);
      const clientMessageId = optionalId(input, 'clientMessageId');
      // The commonest command, built field by field: no object per optional field, no copy for the id.
      const cmd: SendMessage = { type: 'send-message', sessionId, text };
      if (visibility !== undefined) cmd.visibility = visibility;
      if (clientMessageId !== undefined) cmd.clientMessageId = clientMessageId;
      if (commandId !== undefined) cmd.commandId = commandId;
      return cmd;
    }
    case 'set-typing': {
      const sessionId = id(input, 'sessionId');
      if (typeof input.typing !== 'boolean') throw invalidInput('typing', 'typing must be true or false.');
      const visibility = parseVisibility(input.visibility);
      return withCommandId(commandId, {
        type: 'set-typing' as const,
        sessionId,
        typing: input.typing,
        ...(visibility !== undefined ? { visibility } : {}),
      });
    }
    case 'invite': {
      const sessionId = id(input, 'sessionId');
      const kind = input.kind;
      if (kind !== 'conference' && kind !== 'consultation' && kind !== 'transfer') {
        throw invalidInput('kind', "An invitation's kind must be 'conference', 'consultation' or 'transfer'.");
      }
      const targetId = id(input, 'targetId');
      const consultationId = optionalId(input, 'consultationId');
      if (consultationId !== undefined && kind !== 'conference') {
        throw invalidInput('consultationId', 'Only a conference can be made from a consultation.');
      }
      return withCommandId(commandId, {
        type: 'invite' as const,
        sessionId,
        kind,
        targetId,
        ...(consultationId !== undefined ? { consultationId } : {}),
      });
    }
    case 'accept-invitation':
    case 'reject-invitation':
    case 'cancel-invitation':
      return withCommandId(commandId, { type, invitationId: id(input, 'invitationId') } as Command);
    case 'leave':
    case 'mark-done':
      return withCommandId(commandId, { type, sessionId: id(input, 'sessionId') } as Command);
    case 'remove-party':
      return withCommandId(commandId, { type: 'remove-party' as const, sessionId: id(input, 'sessionId'), userId: id(input, 'userId') });
    case 'set-disposition': {
      const sessionId = id(input, 'sessionId');
      const dispositionCode = input.dispositionCode;
      if (dispositionCode !== undefined && typeof dispositionCode !== 'string') {
        throw invalidInput('dispositionCode', 'The disposition code must be a string.');
      }
      if (dispositionCode && !config.disposition.codes.some((c) => c.id === dispositionCode)) {
        throw invalidInput('dispositionCode', `'${dispositionCode.slice(0, 50)}' is not one of the disposition codes.`);
      }
      const note = input.note;
      if (note !== undefined && typeof note !== 'string') throw invalidInput('note', 'The note must be a string.');
      if (note !== undefined && note.length > config.maxFieldLength) {
        throw invalidInput('note', `The note is longer than ${config.maxFieldLength} characters.`);
      }
      return withCommandId(commandId, {
        type: 'set-disposition' as const,
        sessionId,
        ...(dispositionCode !== undefined ? { dispositionCode } : {}),
        ...(note !== undefined ? { note } : {}),
      });
    }
    case 'set-presence': {
      const channel = input.channel;
      if (typeof channel !== 'string' || !(CHANNELS as readonly string[]).includes(channel)) {
        throw invalidInput('channel', `The channel must be one of ${CHANNELS.join(', ')}.`);
      }
      const state = input.state;
      if (typeof state !== 'string' || !(PRESENCE_STATES as readonly string[]).includes(state)) {
        throw invalidInput('state', `The presence must be one of ${PRESENCE_STATES.join(', ')}.`);
      }
      return withCommandId(commandId, {
        type: 'set-presence' as const,
        channel: channel as Channel,
        state: state as PresenceState,
      });
    }
  }
}

/** `cmd`, with `commandId` last when there is one. A function of its own, not a closure made per command. */
function withCommandId<T extends object>(commandId: string | undefined, cmd: T): T | (T & { commandId: string }) {
  return commandId === undefined ? cmd : { ...cmd, commandId };
}

function parseVisibility(value: unknown): Visibility | undefined {
  if (value !== undefined && value !== 'all' && value !== 'agents') {
    throw invalidInput('visibility', "Visibility must be 'all' or 'agents'.");
  }
  return value;
}

function isRecord(value: unknown): value is Input {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function id(input: Input, field: string): string {
  const value = input[field];
  if (typeof value !== 'string' || value === '') throw invalidInput(field, `${field} must be a non-empty string.`);
  if (value.length > MAX_ID_LENGTH) throw invalidInput(field, `${field} is longer than ${MAX_ID_LENGTH} characters.`);
  return value;
}

function optionalId(input: Input, field: string): string | undefined {
  return input[field] === undefined ? undefined : id(input, field);
}

function boundedText(input: Input, field: string, max: number): string {
  const value = input[field];
  if (typeof value !== 'string') throw invalidInput(field, `${field} must be a string.`);
  const text = value.trim();
  if (text === '') throw invalidInput(field, `${field} is empty.`);
  if (text.length > max) throw invalidInput(field, `${field} is longer than ${max} characters.`);
  return text;
}

function parseCaseData(value: unknown, max: number): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value)) throw invalidInput('caseData', 'Case data must be an object of texts.');
  const entries = Object.entries(value);
  if (entries.length > MAX_CASE_DATA_KEYS) {
    throw invalidInput('caseData', `Case data may hold at most ${MAX_CASE_DATA_KEYS} entries.`);
  }
  for (const [key, text] of entries) {
    if (key === '' || key.length > max) throw invalidInput('caseData', `Each case data key must be 1 to ${max} characters.`);
    if (typeof text !== 'string' || text.length > max) {
      throw invalidInput('caseData', `Case data '${key.slice(0, 50)}' must be a text of at most ${max} characters.`);
    }
  }
  // fromEntries defines own properties, so a key such as "__proto__" stays plain data.
  return Object.fromEntries(entries) as Record<string, string>;
}
