import { html } from 'lit';
import type { InvitationKind, InvitationView } from '../../engine/types.js';
import { createFixtureStore, fixtureState, fixtureUser, FIXTURE_INVITATION_ID } from '../../store/testing.js';
import type { WorkspaceState } from '../../store/types.js';
import './index.js';

interface Args {
  kind: InvitationKind;
  /** Seconds left on the countdown when the story opens; it then runs in real time. */
  secondsLeft: number;
  takeFocus: boolean;
  /** Show the contact's name in the title (as when the interaction is already known). */
  knowsContact: boolean;
  /** Further requests waiting behind the first. */
  waiting: number;
}

function stateFor({ kind, knowsContact, waiting }: Args): WorkspaceState {
  const state = fixtureState('ringing-invitation', { viewer: 'jim' });
  const base = state.invitations[FIXTURE_INVITATION_ID]!;
  const first: InvitationView = kind === 'chat' ? { ...base, kind, from: fixtureUser('avril') } : { ...base, kind };
  const invitations: Record<string, InvitationView> = { [first.id]: first };
  for (let i = 1; i <= waiting; i++) {
    const id = `inv-waiting-${i}`;
    invitations[id] = { ...base, id, kind: 'transfer', createdAt: base.createdAt + i * 1000 };
  }
  const sessions = knowsContact && kind !== 'chat' ? fixtureState('connected').sessions : state.sessions;
  return { ...state, sessions, invitations };
}

function render(args: Args) {
  const state = stateFor(args);
  const store = createFixtureStore(state, {
    onDispatch: (command) => {
      console.info('dispatch', command);
      return { ok: true };
    },
  });
  const expiresAt = state.invitations[FIXTURE_INVITATION_ID]!.expiresAt!;
  const openedAt = Date.now();
  // The fixture's request rang in 2025; count down from `secondsLeft` as of now instead.
  const now = () => expiresAt - args.secondsLeft * 1000 + (Date.now() - openedAt);
  return html`
    <interaction-preview
      .store=${store}
      .now=${now}
      ?take-focus=${args.takeFocus}
      @invitation-answer=${(e: CustomEvent) => console.info('invitation-answer', e.detail)}
    ></interaction-preview>
  `;
}

export default {
  title: 'Components/Interaction Preview',
  component: 'interaction-preview',
  render,
  args: { kind: 'conference', secondsLeft: 25, takeFocus: false, knowsContact: false, waiting: 0 } satisfies Args,
  argTypes: {
    kind: { control: 'select', options: ['chat', 'conference', 'consultation', 'transfer'] },
    secondsLeft: { control: { type: 'number', min: 0, max: 120 } },
    takeFocus: { control: 'boolean' },
    knowsContact: { control: 'boolean' },
    waiting: { control: { type: 'number', min: 0, max: 5 } },
  },
};

/** A chat conference request from Kate Lewis (the seed's Interaction Preview). */
export const Conference = {};

/** The title names the contact when the interaction is already known to this agent. */
export const ConferenceNamingContact = { args: { knowsContact: true } };

export const Consultation = { args: { kind: 'consultation' } };

export const Transfer = { args: { kind: 'transfer' } };

/** A new chat routed from the contact. */
export const NewChat = { args: { kind: 'chat' } };

/** Twelve seconds left: the countdown turns urgent and a warning is announced at ten. */
export const AboutToTimeOut = { args: { secondsLeft: 12 } };

/** More requests are waiting behind this one. */
export const SeveralWaiting = { args: { waiting: 2 } };

/** The host setting `take-focus`: the preview is a dialog and takes focus when it appears. */
export const TakesFocus = { args: { takeFocus: true } };

export const Dark = {
  render: (args: Args) => html`<div data-theme="dark" style="background: #15181c; padding: 12px">${render(args)}</div>`,
};

export const RightToLeft = {
  render: (args: Args) => html`<div dir="rtl" style="padding: 12px">${render(args)}</div>`,
};
