import { html, type TemplateResult } from 'lit';
import { createFixtureStore, FIXTURE_SESSION_ID, fixtureState } from '../../store/testing.js';
import './index.js';

interface Args {
  disabled: boolean;
  allowInternal: boolean;
  value: string;
}

function render({ disabled, allowInternal, value }: Args): TemplateResult {
  const store = createFixtureStore(fixtureState('connected'), {
    onDispatch: (command) => {
      console.info('dispatch', command);
      return { ok: true };
    },
  });
  return html`<chat-composer
    style="max-inline-size: 640px"
    session-id=${FIXTURE_SESSION_ID}
    ?disabled=${disabled}
    ?allow-internal=${allowInternal}
    .value=${value}
    .store=${store}
  ></chat-composer>`;
}

export default {
  title: 'Components/Chat Composer',
  component: 'chat-composer',
  render,
  args: { disabled: false, allowInternal: false, value: '' } satisfies Args,
  argTypes: {
    disabled: { control: 'boolean' },
    allowInternal: { control: 'boolean' },
    value: { control: 'text' },
  },
};

/** Enter sends, Shift+Enter starts a new line. */
export const Default = {};

/** The session has ended: nothing can be typed or sent. */
export const Disabled = { args: { disabled: true } };

/** 4001 characters against the 4000 limit: the counter, the error and no sending. */
export const OverLimit = { args: { value: 'I tried again with the same card. '.repeat(122).slice(0, 4001) } };

/** Close to the limit: the counter appears. */
export const NearLimit = { args: { value: 'x'.repeat(3700) } };

/** Agents see an "Agents only" option that sends the message to agents only. */
export const WithAgentsOnlyOption = { args: { allowInternal: true, value: 'Her card was declined twice.' } };

export const Dark = {
  args: { allowInternal: true, value: 'x'.repeat(4001) },
  render: (args: Args) => html`<div data-theme="dark" style="background: #15181c; color: #e8eaed; padding: 8px">${render(args)}</div>`,
};

export const RightToLeft = {
  args: { allowInternal: true, value: 'مرحبا، كيف يمكنني المساعدة؟' },
  render: (args: Args) => html`<div dir="rtl">${render(args)}</div>`,
};
