import type { ChatEvent, Command, DirectoryTarget, InvitationView, SessionView } from '../../../src/engine/types.js';

/** One of every command, with every optional field set somewhere. */
export const COMMANDS: Command[] = [
  { type: 'start-chat', subject: 'Help with on line purchase', caseData: { Order: '000205', Channel: 'Web' } },
  { type: 'start-chat', subject: 'Minimal', targetId: 'q-support', commandId: 'c-1' },
  { type: 'send-message', sessionId: 's1', text: 'Hello, how can I help you today?' },
  { type: 'send-message', sessionId: 's1', text: 'For agents', visibility: 'agents', clientMessageId: 'm-1' },
  { type: 'set-typing', sessionId: 's1', typing: true },
  { type: 'invite', sessionId: 's1', kind: 'conference', targetId: 'jim' },
  { type: 'invite', sessionId: 's1', kind: 'conference', targetId: 'jim', consultationId: 'c1' },
  { type: 'invite', sessionId: 's1', kind: 'consultation', targetId: 'rp-sales' },
  { type: 'invite', sessionId: 's1', kind: 'transfer', targetId: 'q-support' },
  { type: 'accept-invitation', invitationId: 'i1' },
  { type: 'reject-invitation', invitationId: 'i1' },
  { type: 'cancel-invitation', invitationId: 'i1' },
  { type: 'leave', sessionId: 's1' },
  { type: 'remove-party', sessionId: 's1', userId: 'jim' },
  { type: 'set-disposition', sessionId: 's1', dispositionCode: 'resolved', note: 'Card replaced' },
  { type: 'set-disposition', sessionId: 's1' },
  { type: 'mark-done', sessionId: 's1' },
  { type: 'set-presence', channel: 'chat', state: 'after-call-work' },
];

const kate = { id: 'kate', name: 'Kate Lewis', role: 'agent' as const };
const avril = { id: 'avril', name: 'Avril Mai', role: 'contact' as const };

export const SESSION: SessionView = {
  id: 's1',
  kind: 'interaction',
  origin: 'Inbound chat',
  subject: 'Help with on line purchase',
  caseData: { Order: '000205' },
  state: 'active',
  ownerId: 'kate',
  contact: avril,
  parties: [
    { userId: 'avril', name: 'Avril Mai', role: 'contact', state: 'connected', since: 1000 },
    { userId: 'kate', name: 'Kate Lewis', role: 'agent', state: 'connected', since: 2000 },
  ],
  transcript: [
    { kind: 'notice', seq: 1, id: 'e1', at: 1000, visibility: 'all', notice: 'waiting', text: 'Agent will be with you shortly' },
    {
      kind: 'notice',
      seq: 2,
      id: 'e2',
      at: 2000,
      visibility: 'all',
      notice: 'party-joined',
      subject: kate,
      text: "New party 'Kate Lewis' has joined the session",
    },
    { kind: 'message', seq: 3, id: 'e3', at: 3000, visibility: 'all', from: kate, text: 'Hello', clientMessageId: 'm-1' },
    { kind: 'message', seq: 4, id: 'e4', at: 4000, visibility: 'agents', from: kate, text: 'Note' },
  ],
  createdAt: 1000,
  wrapUp: { done: false, dispositionCode: 'resolved', note: 'n' },
};

export const CONSULTATION: SessionView = {
  ...SESSION,
  id: 'c1',
  kind: 'consultation',
  parentId: 's1',
  contact: undefined,
  state: 'ended',
  endedAt: 9000,
  transcript: [],
  wrapUp: { done: true },
};
delete CONSULTATION.contact;

export const INVITATION: InvitationView = {
  id: 'i1',
  kind: 'conference',
  state: 'pending',
  sessionId: 's1',
  consultationId: 'c1',
  from: kate,
  target: { id: 'q-support', kind: 'queue', name: 'Chat Support' },
  invitee: { id: 'jim', name: 'Jim Miller', role: 'agent' },
  origin: 'Inbound chat',
  subject: 'Help with on line purchase',
  caseData: { Order: '000205' },
  createdAt: 5000,
  expiresAt: 35000,
};

/** One of every event. */
/** Internal targets as directory searches and watch lists answer them. */
/** Targets as searches and watches describe them: queues and routing points without members. */
export const TARGETS: DirectoryTarget[] = [
  {
    kind: 'agent',
    id: 'jim',
    name: 'Jim Miller',
    number: '1002',
    presence: { chat: 'ready', voice: 'not-ready', email: 'offline' },
    chatCapacity: 3,
  },
  { kind: 'queue', id: 'q-support', name: 'Chat Support' },
  { kind: 'routing-point', id: 'rp-sales', name: 'Sales Routing Point', number: '5001' },
];

export const EVENTS: ChatEvent[] = [
  {
    type: 'snapshot',
    snapshot: {
      user: kate,
      sessions: [SESSION, CONSULTATION],
      invitations: [INVITATION, { ...INVITATION, id: 'i2', state: 'rejected', reason: 'Rejected by Jim Miller' }],
      presence: { chat: 'ready', voice: 'not-ready', email: 'offline' },
      config: {
        maxMessageLength: 4000,
        maxFieldLength: 1000,
        inviteTimeoutMs: 30000,
        afterCallWork: { mode: 'timed', durationMs: 10000 },
        disposition: { codes: [{ id: 'resolved', label: 'Resolved' }], style: 'radio', required: false },
      },
    },
  },
  { type: 'session-added', session: SESSION },
  { type: 'session-updated', sessionId: 's1', state: 'ended', ownerId: 'jim', endedAt: 9000 },
  { type: 'session-updated', sessionId: 's1', state: 'waiting' },
  { type: 'session-removed', sessionId: 's1' },
  { type: 'party-updated', sessionId: 's1', party: SESSION.parties[1]! },
  { type: 'entry-added', sessionId: 's1', entry: SESSION.transcript[2]! },
  { type: 'entry-added', sessionId: 's1', entry: SESSION.transcript[1]! },
  { type: 'typing', sessionId: 's1', user: avril, typing: false },
  { type: 'invitation-updated', invitation: INVITATION },
  { type: 'wrap-up-updated', sessionId: 's1', wrapUp: { done: true, dispositionCode: 'resolved' } },
  { type: 'presence-updated', userId: 'kate', channel: 'chat', state: 'ready' },
  { type: 'error', error: { code: 'malformed-frame', message: 'The frame is not valid JSON.' } },
  { type: 'error', error: { code: 'invalid-input', message: 'Bad', field: 'text' } },
];
