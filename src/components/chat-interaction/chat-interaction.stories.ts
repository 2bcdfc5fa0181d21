import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { createFixtureStore, fixtureState, FIXTURE_SESSION_ID, FIXTURE_T0, type FixtureOptions, type FixtureScenario } from '../../store/testing.js';
import type { WorkspaceState } from '../../store/types.js';
import './index.js';
import type { ChatInteraction } from './index.js';

/**
 * One chat interaction window in each state of the seed. Every story has its own
 * fixture store (no transport), so buttons record commands instead of changing state.
 */
const meta: Meta = {
  title: 'Components/ChatInteraction',
  component: 'chat-interaction',
  parameters: { layout: 'padded' },
};
export default meta;

type Story = StoryObj;

/** The fixtures' consultation started at T0+70s; stories open it 2:17 later and let the clock run. */
function storyClock(): () => number {
  const offset = Date.now() - (FIXTURE_T0 + 207_000);
  return () => Date.now() - offset;
}

function renderWindow(
  scenario: FixtureScenario,
  options: FixtureOptions & { theme?: string; dir?: string; dispositionStyle?: string; state?: Partial<WorkspaceState> } = {},
) {
  const store = createFixtureStore({ ...fixtureState(scenario, options), ...options.state });
  const sessionId = options.viewer === 'jim' ? '' : FIXTURE_SESSION_ID;
  return html`
    <div dir=${options.dir ?? 'ltr'} style="max-inline-size: 44rem; ${options.theme === 'dark' ? 'background:#0d0f12; padding:12px;' : ''}">
      <chat-interaction
        .store=${store}
        .now=${storyClock()}
        session-id=${sessionId}
        theme=${options.theme ?? 'light'}
        disposition-style=${options.dispositionStyle ?? ''}
      ></chat-interaction>
    </div>
  `;
}

export const Connected: Story = { render: () => renderWindow('connected') };

export const TwoAgentConference: Story = { name: 'Two-agent conference', render: () => renderWindow('two-agent-conference') };

export const Ringing: Story = { name: 'Conference invitation ringing', render: () => renderWindow('ringing-invitation') };

export const ActiveConsultation: Story = { render: () => renderWindow('active-consultation') };

export const ConsultationTurnedConference: Story = { name: 'Consultation turned conference', render: () => renderWindow('consultation-conferenced') };

export const ConsultedAgentView: Story = {
  name: "Consulted agent's view (consultation only)",
  render: () => renderWindow('active-consultation', { viewer: 'jim' }),
};

export const ContactView: Story = { name: "Contact's view", render: () => renderWindow('connected', { viewer: 'avril' }) };

export const TransferPending: Story = { render: () => renderWindow('transfer-pending') };

export const EndedWithDisposition: Story = { name: 'Ended with disposition (list)', render: () => renderWindow('ended-with-disposition') };

export const EndedWithRadioDisposition: Story = {
  name: 'Ended with disposition (radio buttons)',
  render: () => renderWindow('ended-with-disposition', { dispositionStyle: 'radio' }),
};

export const FailedSend: Story = { render: () => renderWindow('failed-send') };

export const LongTranscript: Story = { name: 'Long transcript (2,000 entries)', render: () => renderWindow('long-transcript', { count: 2000 }) };

export const EachPartyState: Story = { render: () => renderWindow('all-party-states') };

export const Reconnecting: Story = {
  render: () => renderWindow('connected', { state: { connection: { status: 'reconnecting', reason: 'The network connection was lost.' } } }),
};

export const DarkTheme: Story = { render: () => renderWindow('active-consultation', { theme: 'dark' }) };

export const RightToLeft: Story = { name: 'Right-to-left', render: () => renderWindow('two-agent-conference', { dir: 'rtl' }) };

/**
 * Kate's window after her conference request to Jim went unanswered one way or the other.
 * The window announces a refusal only for an invitation it saw ringing, so the story opens
 * with Jim Ringing and moves the fixture on as soon as the window has drawn that.
 */
function renderRefused(outcome: 'rejected' | 'timed-out') {
  const ringing = fixtureState('ringing-invitation');
  const store = createFixtureStore(ringing);
  const refused = (): Partial<WorkspaceState> => {
    const session = ringing.sessions[FIXTURE_SESSION_ID]!;
    const invitations = Object.fromEntries(Object.entries(ringing.invitations).map(([id, inv]) => [id, { ...inv, state: outcome }]));
    const parties = session.parties.map((p) => (p.userId === 'jim' ? { ...p, state: outcome } : p));
    return { invitations, sessions: { ...ringing.sessions, [FIXTURE_SESSION_ID]: { ...session, parties } } };
  };
  const refuse = (el?: Element) => {
    if (el) void (el as ChatInteraction).updateComplete.then(() => store.setState(refused()));
  };
  return html`
    <div style="max-inline-size: 44rem">
      <chat-interaction ${ref(refuse)} .store=${store} .now=${storyClock()} session-id=${FIXTURE_SESSION_ID}></chat-interaction>
    </div>
  `;
}

export const ConferenceRejected: Story = { name: 'Conference request rejected', render: () => renderRefused('rejected') };

export const ConferenceTimedOut: Story = { name: 'Conference request timed out', render: () => renderRefused('timed-out') };
