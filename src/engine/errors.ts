import { ChatCommandError, type ErrorCode } from './types.js';

/**
 * Builds the refusal a command handler throws while it is still validating. Handlers check
 * everything before they change anything, so a refusal thrown there leaves the state as it was.
 */
export function refuse(code: ErrorCode, message: string, field?: string): ChatCommandError {
  return new ChatCommandError({ code, message, ...(field ? { field } : {}) });
}

export const invalidInput = (field: string, message: string) => refuse('invalid-input', message, field);
export const invalidState = (message: string) => refuse('invalid-state', message);
export const forbidden = (message: string) => refuse('forbidden', message);
export const notAParty = (message = 'You are not connected to this session.') => refuse('not-a-party', message);
export const unknownSession = (id: string, field = 'sessionId') =>
  refuse('unknown-session', `There is no session '${id}'.`, field);
export const unknownInvitation = (id: string) =>
  refuse('unknown-invitation', `There is no invitation '${id}'.`, 'invitationId');
export const unknownTarget = (id: string, field = 'targetId') =>
  refuse('unknown-target', `There is no agent, queue or routing point '${id}'.`, field);
export const unknownUser = (id: string, field?: string) => refuse('unknown-user', `There is no user '${id}'.`, field);
