/**
 * The seed's default English wording of system notices and of why an invitation ended.
 * Components localise notices from their kind and subject; these strings are what a
 * client without localisation shows.
 */

export const waitingNotice = (): string => 'Agent will be with you shortly';
export const joinedNotice = (name: string): string => `New party '${name}' has joined the session`;
export const leftNotice = (name: string): string => `Party '${name}' has left the session`;

export const reasons = {
  rejectedBy: (name: string) => `${name} rejected the invitation.`,
  unansweredBy: (name: string) => `${name} did not answer in time.`,
  noAgentAnswered: (target: string) => `No agent of ${target} answered in time.`,
  cancelledBy: (name: string) => `${name} cancelled the invitation.`,
  initiatorLeft: (name: string) => `${name} left the session.`,
  contactLeft: (name: string) => `${name} left the chat.`,
  sessionEnded: () => 'The session ended.',
};
