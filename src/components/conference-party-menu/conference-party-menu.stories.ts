import { html } from 'lit';
import { createFixtureStore, fixtureState, FIXTURE_SESSION_ID, type FixtureScenario } from '../../store/testing.js';
import { partyStateLabel } from '../shared/labels.js';
import type { ConferencePartyMenu } from './index.js';
import './index.js';

interface Args {
  scenario: FixtureScenario;
  userId: string;
  disabledActions: string;
}

/** A party row as `<chat-interaction>` shows it, so the menu is seen where it lives. */
function render({ scenario, userId, disabledActions }: Args) {
  const store = createFixtureStore(fixtureState(scenario), {
    onDispatch: (command) => {
      console.info('dispatch', command);
      return { ok: true };
    },
  });
  const party = store.state.sessions[FIXTURE_SESSION_ID]?.parties.find((p) => p.userId === userId);
  return html`
    <div style="display: flex; align-items: center; gap: 8px; min-block-size: 220px; align-items: flex-start; padding: 8px">
      <span>${party?.name ?? userId}</span>
      <span>${party ? partyStateLabel(party.state) : ''}</span>
      <conference-party-menu
        .store=${store}
        session-id=${FIXTURE_SESSION_ID}
        user-id=${userId}
        disabled-actions=${disabledActions}
        @party-call=${(e: Event) => console.info(e.type, (e as CustomEvent).detail)}
        @party-instant-message=${(e: Event) => console.info(e.type, (e as CustomEvent).detail)}
        @party-email=${(e: Event) => console.info(e.type, (e as CustomEvent).detail)}
      ></conference-party-menu>
    </div>
  `;
}

/** Opens the menu so the story shows its items (Storybook runs this after rendering). */
async function openMenu({ canvasElement }: { canvasElement: HTMLElement }) {
  const menu = canvasElement.querySelector<ConferencePartyMenu>('conference-party-menu');
  await menu?.updateComplete;
  menu?.show();
}

export default {
  title: 'Components/Conference Party Menu',
  component: 'conference-party-menu',
  render,
  args: { scenario: 'two-agent-conference', userId: 'jim', disabledActions: '' } satisfies Args,
  argTypes: {
    scenario: { control: 'select', options: ['two-agent-conference', 'all-party-states', 'ringing-invitation', 'connected'] },
    userId: { control: 'select', options: ['avril', 'kate', 'jim', 'ravi', 'sofia', 'tom', 'lena'] },
    disabledActions: { control: 'text' },
  },
};

/** Another connected agent in a two-agent conference: every action is available. */
export const AgentParty = { play: openMenu };

/** The contact: Call and New E-mail only. */
export const ContactParty = { args: { userId: 'avril' }, play: openMenu };

/** The host withdrew Call and New E-mail (`disabled-actions="call email"`). */
export const DisabledActions = { args: { disabledActions: 'call email' }, play: openMenu };

/** An agent who is still ringing: only an IM consultation makes sense. */
export const RingingAgent = { args: { scenario: 'all-party-states', userId: 'jim' }, play: openMenu };

/** The signed-in agent's own party: nothing to do. */
export const OwnParty = { args: { userId: 'kate' }, play: openMenu };

/** The closed menu button. */
export const Closed = {};

export const Dark = {
  args: { userId: 'jim' },
  render: (args: Args) => html`<div data-theme="dark" style="background: #15181c; color: #e8eaed">${render(args)}</div>`,
  play: openMenu,
};

export const RightToLeft = {
  args: { userId: 'jim' },
  render: (args: Args) => html`<div dir="rtl">${render(args)}</div>`,
  play: openMenu,
};
