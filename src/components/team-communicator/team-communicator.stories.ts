import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { createFixtureStore, fixtureDirectory, fixtureState, FIXTURE_SESSION_ID, type FixtureScenario } from '../../store/testing.js';
import type { TargetListStorage } from './favorites.js';
import { targetListsKey } from './favorites.js';
import { generateDirectory } from './generate-directory.js';
import type { TeamCommunicator } from './team-communicator.js';
import './index.js';

/**
 * The Team Communicator in each mode. Every story has its own fixture store (no
 * transport: actions record commands; searches and presence come from a fixture directory)
 * and its own in-memory Favorites and Recent, so stories do not write to the browser's storage.
 */
const meta: Meta = {
  title: 'Components/TeamCommunicator',
  component: 'team-communicator',
  parameters: { layout: 'padded' },
};
export default meta;

type Story = StoryObj;

function memoryStorage(lists?: { favorites: string[]; recent: string[] }): TargetListStorage {
  const data = new Map<string, string>();
  if (lists) data.set(targetListsKey('kate'), JSON.stringify(lists));
  return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

interface StoryOptions {
  mode?: string;
  scenario?: FixtureScenario;
  theme?: string;
  dir?: string;
  extra?: number;
  lists?: { favorites: string[]; recent: string[] };
}

function renderCommunicator(options: StoryOptions = {}) {
  const state = fixtureState(options.scenario ?? 'connected');
  // The backend the store searches: the fixture directory, with generated targets when asked.
  const store = createFixtureStore(state, options.extra ? { directory: [...fixtureDirectory(), ...generateDirectory(options.extra)] } : {});
  return html`
    <div dir=${options.dir ?? 'ltr'} style="max-inline-size: 28rem; ${options.theme === 'dark' ? 'background:#0d0f12; padding:12px;' : ''}">
      <team-communicator
        .store=${store}
        .storage=${memoryStorage(options.lists)}
        mode=${options.mode ?? 'conference'}
        session-id=${FIXTURE_SESSION_ID}
        theme=${options.theme ?? 'light'}
      ></team-communicator>
    </div>
  `;
}

/** Types `query` into the story's search box, as a user would. */
async function typeQuery(canvas: HTMLElement, query: string): Promise<TeamCommunicator> {
  const el = canvas.querySelector<TeamCommunicator>('team-communicator')!;
  await el.updateComplete;
  const box = el.shadowRoot!.querySelector<HTMLInputElement>('[role="combobox"]')!;
  box.value = query;
  box.dispatchEvent(new Event('input', { bubbles: true }));
  // Settles once the backend's answer is shown.
  await el.updateComplete;
  return el;
}

const FAVORITES = { favorites: ['jim', 'billing-queue'], recent: ['ravi', 'tom'] };

export const Empty: Story = {
  name: 'Empty (no favorites or recent yet)',
  render: () => renderCommunicator(),
};

export const FavoritesAndRecent: Story = {
  name: 'Favorites and Recent',
  render: () => renderCommunicator({ lists: FAVORITES }),
};

export const Results: Story = {
  render: () => renderCommunicator({ mode: 'consultation' }),
  play: async ({ canvasElement }) => {
    await typeQuery(canvasElement, '500');
  },
};

export const NoResults: Story = {
  render: () => renderCommunicator(),
  play: async ({ canvasElement }) => {
    await typeQuery(canvasElement, 'zzz');
  },
};

export const LargeResults: Story = {
  name: 'Large results (50,000 targets)',
  render: () => renderCommunicator({ mode: 'transfer', extra: 50_000 }),
  play: async ({ canvasElement }) => {
    await typeQuery(canvasElement, 'jim');
  },
};

export const ConferenceWithActiveConsultation: Story = {
  name: 'Conference mode with Active Consultations',
  render: () => renderCommunicator({ mode: 'conference', scenario: 'active-consultation', lists: FAVORITES }),
};

export const ConsultationMenuOpen: Story = {
  name: 'Consultation mode, action menu open',
  render: () => renderCommunicator({ mode: 'consultation' }),
  play: async ({ canvasElement }) => {
    const el = await typeQuery(canvasElement, 'jim');
    el.shadowRoot!.querySelector<HTMLButtonElement>('button[aria-haspopup="menu"]')!.click();
    await el.updateComplete;
  },
};

export const OfflineAgentMenu: Story = {
  name: 'Offline agent (chat actions disabled)',
  render: () => renderCommunicator({ mode: 'consultation' }),
  play: async ({ canvasElement }) => {
    const el = await typeQuery(canvasElement, 'tom');
    el.shadowRoot!.querySelector<HTMLButtonElement>('button[aria-haspopup="menu"]')!.click();
    await el.updateComplete;
  },
};

export const Transfer: Story = {
  name: 'Transfer mode',
  render: () => renderCommunicator({ mode: 'transfer', lists: FAVORITES }),
  play: async ({ canvasElement }) => {
    await typeQuery(canvasElement, 'b');
  },
};

export const Browse: Story = {
  name: 'Browse mode (no interaction)',
  render: () => renderCommunicator({ mode: 'browse', lists: FAVORITES }),
};

export const Dark: Story = {
  name: 'Dark theme',
  render: () => renderCommunicator({ mode: 'consultation', theme: 'dark', lists: FAVORITES }),
  play: async ({ canvasElement }) => {
    await typeQuery(canvasElement, '500');
  },
};

export const RightToLeft: Story = {
  name: 'Right to left',
  render: () => renderCommunicator({ mode: 'consultation', dir: 'rtl', lists: FAVORITES }),
  play: async ({ canvasElement }) => {
    await typeQuery(canvasElement, '500');
  },
};
