import { html, type TemplateResult } from 'lit';
import type { TranscriptEntry } from '../../engine/types.js';
import { createFixtureStore, FIXTURE_CONSULTATION_ID, FIXTURE_SESSION_ID, fixtureState, fixtureUser, type FixtureScenario } from '../../store/testing.js';
import type { WorkspaceState } from '../../store/types.js';
import './index.js';

interface Args {
  scenario: FixtureScenario;
  sessionId: string;
  label: string;
  height: number;
}

const log = (command: unknown) => {
  console.info('dispatch', command);
  return { ok: true as const };
};

/** Agents-only lines the agents exchanged during the conference (the contact never sees them). */
function withAgentsOnly(state: WorkspaceState): WorkspaceState {
  const session = state.sessions[FIXTURE_SESSION_ID]!;
  const last = session.transcript.at(-1)!;
  const extra: TranscriptEntry[] = [
    {
      kind: 'message',
      seq: last.seq + 1,
      id: 'story-agents-1',
      at: last.at + 12_000,
      visibility: 'agents',
      from: fixtureUser('jim'),
      text: 'Her card was declined twice by the bank; see https://bank.example.com/status before we retry.',
    },
    {
      kind: 'message',
      seq: last.seq + 2,
      id: 'story-agents-2',
      at: last.at + 20_000,
      visibility: 'agents',
      from: fixtureUser('kate'),
      text: 'Thanks Jim, I will ask her to check with them.',
    },
  ];
  return { ...state, sessions: { ...state.sessions, [FIXTURE_SESSION_ID]: { ...session, transcript: [...session.transcript, ...extra] } } };
}

function transcript(state: WorkspaceState, { sessionId, label, height }: Args): TemplateResult {
  const store = createFixtureStore(state, { onDispatch: log });
  return html`<chat-transcript
    style="block-size: ${height}px; max-inline-size: 640px"
    session-id=${sessionId}
    label=${label}
    .store=${store}
  ></chat-transcript>`;
}

function render(args: Args): TemplateResult {
  return transcript(fixtureState(args.scenario), args);
}

export default {
  title: 'Components/Chat Transcript',
  component: 'chat-transcript',
  render,
  args: { scenario: 'two-agent-conference', sessionId: FIXTURE_SESSION_ID, label: 'Chat with Avril Mai', height: 420 } satisfies Args,
  argTypes: {
    scenario: { control: 'select', options: ['connected', 'two-agent-conference', 'active-consultation', 'consultation-conferenced', 'failed-send', 'ended-with-disposition', 'all-party-states'] },
    sessionId: { control: 'select', options: [FIXTURE_SESSION_ID, FIXTURE_CONSULTATION_ID] },
    label: { control: 'text' },
    height: { control: { type: 'range', min: 160, max: 800, step: 20 } },
  },
};

/** The seed's conference as Kate Lewis sees it: notices, her own lines on the other side, Jim Miller's. */
export const Conference = {};

/** Agents-only entries carry a visible "Agents only" mark. */
export const AgentsOnly = { render: (args: Args) => transcript(withAgentsOnly(fixtureState('two-agent-conference')), args) };

/** A message the engine refused: the reason, Retry and Discard. */
export const FailedSend = { args: { scenario: 'failed-send' } };

/** 10,000 entries: only the rows in view are in the DOM; it opens at the latest. */
export const LongTranscript = { render: (args: Args) => transcript(fixtureState('long-transcript', { count: 10_000 }), args) };

/** A session with no entries yet. */
export const Empty = {
  render: (args: Args) => {
    const state = fixtureState('connected');
    const session = state.sessions[FIXTURE_SESSION_ID]!;
    return transcript({ ...state, sessions: { [FIXTURE_SESSION_ID]: { ...session, transcript: [] } } }, args);
  },
};

/** The contact is typing. */
export const Typing = {
  render: (args: Args) => transcript({ ...fixtureState('connected'), typing: { [FIXTURE_SESSION_ID]: [fixtureUser('avril')] } }, args),
};

/** The consultation's own transcript, as shown in the consultation panel. */
export const Consultation = { args: { scenario: 'active-consultation', sessionId: FIXTURE_CONSULTATION_ID, label: 'Consultation with Jim Miller', height: 300 } };

export const Dark = {
  render: (args: Args) =>
    html`<div data-theme="dark" style="background: #15181c; color: #e8eaed; padding: 8px">
      ${transcript({ ...withAgentsOnly(fixtureState('two-agent-conference')), typing: { [FIXTURE_SESSION_ID]: [fixtureUser('avril')] } }, args)}
    </div>`,
};

export const RightToLeft = {
  render: (args: Args) => html`<div dir="rtl">${transcript(withAgentsOnly(fixtureState('failed-send')), args)}</div>`,
};
