import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { createFixtureStore } from '../../store/testing.js';
import { contactState, type ContactScenario } from './contact-fixtures.js';
import './index.js';

/**
 * The contact Avril Mai's chat widget in each state. Every story has its own fixture
 * store (no transport): Start Chat and End Chat record commands instead of changing state.
 */
const meta: Meta = {
  title: 'Components/ContactChat',
  component: 'contact-chat',
  parameters: { layout: 'padded' },
};
export default meta;

type Story = StoryObj;

function renderWidget(scenario: ContactScenario, options: { theme?: string; dir?: string; caseData?: Record<string, string> } = {}) {
  const store = createFixtureStore(contactState(scenario));
  const dark = options.theme === 'dark';
  return html`
    <div dir=${options.dir ?? 'ltr'} style="max-inline-size: 30rem; ${dark ? 'background:#0d0f12; padding:12px;' : ''}">
      <contact-chat .store=${store} .caseData=${options.caseData ?? {}} theme=${options.theme ?? 'light'}></contact-chat>
    </div>
  `;
}

const CASE_DATA = { Order: '000205', Channel: 'Web' };

export const StartForm: Story = { name: 'Start form', render: () => renderWidget('start', { caseData: CASE_DATA }) };

export const StartFormWithoutCaseData: Story = { name: 'Start form without case data', render: () => renderWidget('start') };

export const Waiting: Story = { name: 'Waiting for an agent', render: () => renderWidget('waiting') };

export const Connected: Story = { render: () => renderWidget('connected') };

export const ConferenceNotices: Story = { name: 'Connected with conference notices', render: () => renderWidget('conference') };

export const AgentTyping: Story = { name: 'Agent typing', render: () => renderWidget('typing') };

export const Ended: Story = { render: () => renderWidget('ended') };

export const Reconnecting: Story = { render: () => renderWidget('reconnecting') };

export const ConnectionFailed: Story = { name: 'Connection failed', render: () => renderWidget('failed') };

export const DarkTheme: Story = { name: 'Dark theme', render: () => renderWidget('conference', { theme: 'dark' }) };

export const DarkStartForm: Story = { name: 'Dark theme, start form', render: () => renderWidget('start', { theme: 'dark', caseData: CASE_DATA }) };

export const RightToLeft: Story = { name: 'Right to left', render: () => renderWidget('conference', { dir: 'rtl' }) };

export const RightToLeftStartForm: Story = { name: 'Right to left, start form', render: () => renderWidget('start', { dir: 'rtl', caseData: CASE_DATA }) };
