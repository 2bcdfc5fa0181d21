/**
 * The protocol: run-time validation of everything that crosses a transport. Each
 * `parse…` function answers `{ ok: true, value }` or `{ ok: false, error }` with a typed
 * `ChatError`; none of them throws, whatever it is given.
 */
export { parseCommand, createCommandSchemas, COMMAND_SCHEMA, COMMAND_TYPES } from './commands.js';
export type { CommandSchemas } from './commands.js';
export {
  parseEvent,
  parseStreamEvent,
  EVENT_SCHEMA,
  EVENT_TYPES,
  STREAM_EVENT_SCHEMA,
  SESSION_VIEW_SCHEMA,
  INVITATION_VIEW_SCHEMA,
  TRANSCRIPT_ENTRY_SCHEMA,
  USER_SNAPSHOT_SCHEMA,
  CHAT_ERROR_SCHEMA,
} from './events.js';
export {
  parseClientFrame,
  parseServerFrame,
  decodeFrame,
  encodeFrame,
  COMMAND_RESULT_SCHEMA,
} from './frames.js';
export type { ClientFrame, ServerFrame, ClientFrameResult, Answer } from './frames.js';
export {
  parseDirectoryQuery,
  parseWatchIds,
  MAX_DIRECTORY_PAGE,
  MAX_WATCHED_TARGETS,
  MAX_DIRECTORY_QUERY_LENGTH,
  MAX_TARGET_ID_LENGTH,
} from './directory.js';
export type { DirectoryQuery, DirectoryPage, DirectoryFilter, PresenceChange } from './directory.js';
export { DEFAULT_LIMITS, ERROR_CODES } from './shared.js';
export type { ParseResult, ProtocolLimits } from './shared.js';
