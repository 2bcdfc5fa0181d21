import type {
  AgentEntry,
  ClientConfig,
  InternalTarget,
  InvitationKind,
  InvitationView,
  PartyState,
  PartyView,
  SessionView,
  TranscriptEntry,
  UserId,
  UserRef,
  Visibility,
  WrapUp,
} from '../engine/types.js';
import { createInitialState } from './state.js';
import type { PendingMessage, WorkspaceState } from './types.js';

/*
 * Hand-built states matching what the engine delivers to one user in the seed's
 * situations, for component tests and Storybook. Each scenario is built once as the
 * whole contact center sees it and then cut down to what the chosen viewer may see
 * (a contact never sees agents-only entries, consultations or invited agents).
 */

/** 7 April 2025, 18:29:00 UTC: the seed's first chat starts here. */
export const FIXTURE_T0 = Date.UTC(2025, 3, 7, 18, 29, 0);
export const FIXTURE_SESSION_ID = 'chat-1';
export const FIXTURE_CONSULTATION_ID = 'consult-1';
export const FIXTURE_INVITATION_ID = 'inv-1';
export const FIXTURE_CASE_DATA: Readonly<Record<string, string>> = Object.freeze({ Order: '000205' });
export const FIXTURE_SUBJECT = 'Help with on line purchase';
export const FIXTURE_ORIGIN = 'Inbound chat';

const PEOPLE: Record<string, UserRef> = {
  kate: { id: 'kate', name: 'Kate Lewis', role: 'agent' },
  jim: { id: 'jim', name: 'Jim Miller', role: 'agent' },
  avril: { id: 'avril', name: 'Avril Mai', role: 'contact' },
  ravi: { id: 'ravi', name: 'Ravi Patel', role: 'agent' },
  sofia: { id: 'sofia', name: 'Sofia Garcia', role: 'agent' },
  tom: { id: 'tom', name: 'Tom Baker', role: 'agent' },
  lena: { id: 'lena', name: 'Lena Novak', role: 'agent' },
};

export type FixtureUserId = 'kate' | 'jim' | 'avril' | 'ravi' | 'sofia' | 'tom' | 'lena';

/** One of the fixture people (Kate Lewis, Jim Miller, the contact Avril Mai, and a few more agents). */
export function fixtureUser(id: FixtureUserId | string): UserRef {
  const user = PEOPLE[id];
  if (!user) throw new TypeError(`Unknown fixture user "${id}"; use one of ${Object.keys(PEOPLE).join(', ')}.`);
  return { ...user };
}

export function fixtureConfig(overrides: { dispositionRequired?: boolean; dispositionStyle?: 'list' | 'radio' } = {}): ClientConfig {
  return {
    maxMessageLength: 4000,
    maxFieldLength: 1000,
    inviteTimeoutMs: 30_000,
    afterCallWork: { mode: 'manual', durationMs: 0 },
    disposition: {
      codes: [
        { id: 'resolved', label: 'Resolved' },
        { id: 'follow-up', label: 'Follow-up needed' },
        { id: 'escalated', label: 'Escalated' },
        { id: 'no-answer', label: 'No answer' },
      ],
      style: overrides.dispositionStyle ?? 'list',
      required: overrides.dispositionRequired ?? false,
    },
  };
}

function agent(id: string, number: string, chat: AgentEntry['presence']['chat'], voice: AgentEntry['presence']['voice'] = 'ready'): AgentEntry {
  return { kind: 'agent', id, name: PEOPLE[id]!.name, number, presence: { chat, voice, email: 'not-ready' }, chatCapacity: 3 };
}

/**
 * The agents, queues and routing points agents see; `extraAgents` more generated agents
 * (named "Agent 00001", … with numbers 70001, …) for large-directory tests.
 */
export function fixtureDirectory(extraAgents = 0): InternalTarget[] {
  const directory: InternalTarget[] = [
    agent('kate', '5001', 'ready'),
    agent('jim', '5002', 'ready'),
    agent('ravi', '5003', 'not-ready'),
    agent('sofia', '5004', 'after-call-work'),
    agent('tom', '5005', 'offline', 'offline'),
    agent('lena', '5006', 'ready', 'not-ready'),
    { kind: 'queue', id: 'billing-queue', name: 'Billing Queue', number: '6001', members: ['jim', 'sofia'] },
    { kind: 'routing-point', id: 'chat-support-rp', name: 'Chat Support Routing Point', number: '6100', members: ['jim', 'ravi', 'lena'] },
  ];
  const presences = ['ready', 'not-ready', 'after-call-work', 'offline'] as const;
  for (let i = 1; i <= extraAgents; i++) {
    const n = String(i).padStart(5, '0');
    directory.push({
      kind: 'agent',
      id: `agent-${n}`,
      name: `Agent ${n}`,
      number: String(70000 + i),
      presence: { chat: presences[i % 4]!, voice: presences[(i + 1) % 4]!, email: 'not-ready' },
      chatCapacity: 2,
    });
  }
  return directory;
}

// ---------------------------------------------------------------------------
// The world as the engine holds it

interface WorldSession extends Omit<SessionView, 'wrapUp'> {
  /** Each agent's own wrap-up; an agent is given theirs only. */
  wrapUps: Record<UserId, WrapUp>;
}

interface World {
  sessions: WorldSession[];
  invitations: InvitationView[];
  /** The viewer's own unconfirmed messages, if the scenario has any. */
  pending?: (viewer: UserRef) => PendingMessage[];
}

const at = (seconds: number) => FIXTURE_T0 + seconds * 1000;

type Line =
  | { notice: 'waiting'; at: number }
  | { notice: 'party-joined' | 'party-left'; who: string; at: number }
  | { from: string; text: string; at: number; visibility?: Visibility };

function transcriptOf(sessionId: string, lines: Line[]): TranscriptEntry[] {
  return lines.map((line, i): TranscriptEntry => {
    const seq = i + 1;
    const id = `${sessionId}-e${seq}`;
    if ('from' in line) {
      return { kind: 'message', seq, id, at: at(line.at), visibility: line.visibility ?? 'all', from: fixtureUser(line.from), text: line.text };
    }
    if (line.notice === 'waiting') {
      return { kind: 'notice', seq, id, at: at(line.at), visibility: 'all', notice: 'waiting', text: 'Agent will be with you shortly' };
    }
    const subject = fixtureUser(line.who);
    const text = line.notice === 'party-joined' ? `New party '${subject.name}' has joined the session` : `Party '${subject.name}' has left the session`;
    return { kind: 'notice', seq, id, at: at(line.at), visibility: 'all', notice: line.notice, subject, text };
  });
}

function party(id: string, state: PartyState, sinceSeconds: number): PartyView {
  const user = fixtureUser(id);
  return { userId: user.id, name: user.name, role: user.role, state, since: at(sinceSeconds) };
}

function interaction(parties: PartyView[], lines: Line[], extra: Partial<WorldSession> = {}): WorldSession {
  return {
    id: FIXTURE_SESSION_ID,
    kind: 'interaction',
    origin: FIXTURE_ORIGIN,
    subject: FIXTURE_SUBJECT,
    caseData: { ...FIXTURE_CASE_DATA },
    state: 'active',
    ownerId: 'kate',
    contact: fixtureUser('avril'),
    parties,
    transcript: transcriptOf(FIXTURE_SESSION_ID, lines),
    createdAt: at(0),
    wrapUps: {},
    ...extra,
  };
}

function consultation(parties: PartyView[], lines: Line[], extra: Partial<WorldSession> = {}): WorldSession {
  return {
    id: FIXTURE_CONSULTATION_ID,
    kind: 'consultation',
    parentId: FIXTURE_SESSION_ID,
    origin: FIXTURE_ORIGIN,
    subject: FIXTURE_SUBJECT,
    caseData: { ...FIXTURE_CASE_DATA },
    state: 'active',
    ownerId: 'kate',
    parties,
    transcript: transcriptOf(FIXTURE_CONSULTATION_ID, lines),
    createdAt: at(70),
    wrapUps: {},
    ...extra,
  };
}

function invitation(kind: InvitationKind, targetId: string, createdSeconds: number, extra: Partial<InvitationView> = {}): InvitationView {
  const target = fixtureUser(targetId);
  return {
    id: FIXTURE_INVITATION_ID,
    kind,
    state: 'pending',
    sessionId: FIXTURE_SESSION_ID,
    from: fixtureUser('kate'),
    target: { id: target.id, kind: 'agent', name: target.name },
    contact: fixtureUser('avril'),
    invitee: target,
    origin: FIXTURE_ORIGIN,
    subject: FIXTURE_SUBJECT,
    caseData: { ...FIXTURE_CASE_DATA },
    createdAt: at(createdSeconds),
    expiresAt: at(createdSeconds) + 30_000,
    ...extra,
  };
}

/** The seed's chat up to Kate asking her associate for help. */
const OPENING: Line[] = [
  { notice: 'waiting', at: 0 },
  { notice: 'party-joined', who: 'kate', at: 20 },
  { from: 'kate', text: 'Hello, how can I help you today?', at: 28 },
  { from: 'avril', text: 'I am having an issue making an on line purchase. There seems to be an issue with my credit card.', at: 35 },
  { from: 'kate', text: 'Let me contact my associate about that.', at: 53 },
];

const CONSULTATION_LINES: Line[] = [
  { notice: 'party-joined', who: 'jim', at: 80 },
  { from: 'jim', text: 'Hello Kate, how can I help?', at: 85 },
  { from: 'kate', text: 'Hey Jim, Ms. Mai is having a credit card issue. Can you help me with this call?', at: 110 },
  { from: 'jim', text: 'Sure, conference me in', at: 125 },
];

export type FixtureScenario =
  | 'ringing-invitation'
  | 'connected'
  | 'two-agent-conference'
  | 'active-consultation'
  | 'consultation-conferenced'
  | 'transfer-pending'
  | 'ended-with-disposition'
  | 'failed-send'
  | 'long-transcript'
  | 'all-party-states';

export const FIXTURE_SCENARIOS: readonly FixtureScenario[] = [
  'ringing-invitation',
  'connected',
  'two-agent-conference',
  'active-consultation',
  'consultation-conferenced',
  'transfer-pending',
  'ended-with-disposition',
  'failed-send',
  'long-transcript',
  'all-party-states',
];

export interface FixtureOptions {
  /** Whose view of the scenario (default `kate`). */
  viewer?: FixtureUserId | string;
  /** `long-transcript`: how many entries (default 500). */
  count?: number;
  dispositionRequired?: boolean;
  dispositionStyle?: 'list' | 'radio';
}

function buildWorld(name: FixtureScenario, options: FixtureOptions): World {
  const kateAndAvril = () => [party('avril', 'connected', 0), party('kate', 'connected', 20)];
  switch (name) {
    case 'connected':
      return { sessions: [interaction(kateAndAvril(), OPENING)], invitations: [] };
    case 'ringing-invitation':
      return {
        sessions: [interaction([...kateAndAvril(), party('jim', 'invited', 60)], OPENING)],
        invitations: [invitation('conference', 'jim', 60)],
      };
    case 'transfer-pending':
      return {
        sessions: [interaction([...kateAndAvril(), party('jim', 'invited', 60)], OPENING)],
        invitations: [invitation('transfer', 'jim', 60)],
      };
    case 'two-agent-conference':
      return {
        sessions: [
          interaction(
            [...kateAndAvril(), party('jim', 'connected', 158)],
            [
              ...OPENING,
              { notice: 'party-joined', who: 'jim', at: 158 },
              { from: 'jim', text: 'Hello, how can I help you today?', at: 158 },
              { from: 'kate', text: 'Ms. Mai is having an issue with her credit card.', at: 416 },
              { from: 'jim', text: 'OK, I can take care of that', at: 430 },
            ],
          ),
        ],
        invitations: [],
      };
    case 'active-consultation':
      return {
        sessions: [
          interaction(kateAndAvril(), OPENING),
          consultation([party('kate', 'connected', 70), party('jim', 'connected', 80)], CONSULTATION_LINES),
        ],
        invitations: [],
      };
    case 'consultation-conferenced':
      return {
        sessions: [
          interaction(
            [...kateAndAvril(), party('jim', 'connected', 150)],
            [...OPENING, { notice: 'party-joined', who: 'jim', at: 150 }, { from: 'jim', text: 'Hello Ms. Mai, I can help with your card.', at: 160 }],
          ),
          consultation(
            [party('kate', 'connected', 70), party('jim', 'left', 150)],
            [...CONSULTATION_LINES, { notice: 'party-left', who: 'jim', at: 150 }],
            { state: 'ended', endedAt: at(150) },
          ),
        ],
        invitations: [],
      };
    case 'ended-with-disposition':
      return {
        sessions: [
          interaction(
            [party('avril', 'left', 0), party('kate', 'left', 20)],
            [...OPENING, { from: 'avril', text: 'Thank you, it works now.', at: 240 }, { notice: 'party-left', who: 'kate', at: 300 }],
            {
              state: 'ended',
              endedAt: at(300),
              wrapUps: { kate: { dispositionCode: 'resolved', note: 'Card details updated; purchase completed.', done: false } },
            },
          ),
        ],
        invitations: [],
      };
    case 'failed-send':
      return {
        sessions: [interaction(kateAndAvril(), OPENING)],
        invitations: [],
        pending: (viewer) => [
          {
            clientMessageId: 'cm-failed-1',
            sessionId: FIXTURE_SESSION_ID,
            text: viewer.role === 'contact' ? 'My card ends in 4242.' : 'Could you confirm the last four digits of the card?',
            visibility: 'all',
            at: at(60),
            status: 'failed',
            error: { code: 'not-connected', message: 'The message could not be sent because the connection is down. Send it again once reconnected.' },
          },
        ],
      };
    case 'long-transcript': {
      const count = options.count ?? 500;
      if (!Number.isInteger(count) || count < 2) throw new TypeError(`long-transcript needs a whole count of at least 2 entries, got ${count}.`);
      const lines: Line[] = [
        { notice: 'waiting', at: 0 },
        { notice: 'party-joined', who: 'kate', at: 20 },
      ];
      for (let i = 2; i < count; i++) {
        const fromKate = i % 2 === 0;
        const text = fromKate
          ? `Message ${i - 1}: let me check that for you.`
          : `Message ${i - 1}: ${i % 5 === 0 ? 'I tried again with the same card and the payment page still shows an error after I press Pay. ' : ''}Thanks.`;
        lines.push({ from: fromKate ? 'kate' : 'avril', text, at: 20 + i * 7 });
      }
      return { sessions: [interaction(kateAndAvril(), lines)], invitations: [] };
    }
    case 'all-party-states':
      return {
        sessions: [
          interaction(
            [
              party('avril', 'connected', 0),
              party('kate', 'connected', 20),
              party('ravi', 'left', 60),
              party('sofia', 'removed', 90),
              party('tom', 'rejected', 120),
              party('lena', 'timed-out', 130),
              party('jim', 'invited', 200),
            ],
            [
              ...OPENING,
              { notice: 'party-joined', who: 'ravi', at: 60 },
              { from: 'ravi', text: 'Hi, Ravi from billing here.', at: 65 },
              { notice: 'party-left', who: 'ravi', at: 80 },
              { notice: 'party-joined', who: 'sofia', at: 90 },
              { notice: 'party-left', who: 'sofia', at: 110 },
            ],
          ),
        ],
        invitations: [invitation('conference', 'jim', 200)],
      };
    default:
      throw new TypeError(`Unknown fixture scenario "${String(name)}"; use one of ${FIXTURE_SCENARIOS.join(', ')}.`);
  }
}

const JOINED: readonly PartyState[] = ['connected', 'left', 'removed'];

function viewOf(session: WorldSession, viewer: UserRef): SessionView | undefined {
  const mine = session.parties.find((p) => p.userId === viewer.id);
  if (!mine || !JOINED.includes(mine.state)) return undefined;
  const { wrapUps, ...rest } = session;
  if (viewer.role === 'contact') {
    if (session.kind !== 'interaction') return undefined;
    return {
      ...rest,
      parties: session.parties.filter((p) => JOINED.includes(p.state)),
      transcript: session.transcript.filter((e) => e.visibility === 'all'),
    };
  }
  const wrapUp = wrapUps[viewer.id] ?? { done: false };
  if (wrapUp.done) return undefined;
  return { ...rest, wrapUp };
}

/**
 * A named scenario as `options.viewer` (default Kate Lewis) sees it, ready for
 * `createFixtureStore`. Ids: interaction `chat-1`, consultation `consult-1`,
 * invitation `inv-1`; people `kate`, `jim`, `avril`, `ravi`, `sofia`, `tom`, `lena`.
 */
export function fixtureState(name: FixtureScenario, options: FixtureOptions = {}): WorkspaceState {
  const viewer = fixtureUser(options.viewer ?? 'kate');
  const world = buildWorld(name, options);
  const sessions: Record<string, SessionView> = {};
  for (const s of world.sessions) {
    const view = viewOf(s, viewer);
    if (view) sessions[view.id] = view;
  }
  const invitations: Record<string, InvitationView> = {};
  if (viewer.role === 'agent') {
    for (const i of world.invitations) if (i.from.id === viewer.id || i.invitee?.id === viewer.id) invitations[i.id] = i;
  }
  const pending: Record<string, PendingMessage> = {};
  if (sessions[FIXTURE_SESSION_ID]?.parties.some((p) => p.userId === viewer.id && p.state === 'connected')) {
    for (const p of world.pending?.(viewer) ?? []) pending[p.clientMessageId] = p;
  }
  const state: WorkspaceState = {
    ...createInitialState(),
    user: viewer,
    connection: { status: 'connected' },
    stream: { epoch: 'fixture', position: 1 },
    loaded: true,
    sessions,
    invitations,
    config: fixtureConfig(options),
    pending,
  };
  const own = viewer.role === 'agent' ? fixtureDirectory().find((t) => t.id === viewer.id) : undefined;
  if (own?.kind === 'agent') state.presence = own.presence;
  return state;
}
