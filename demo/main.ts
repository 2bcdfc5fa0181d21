// The demo page: one in-page contact center (memory transport, real time) and a store per
// person, so the contact and two agents can play every seed lesson side by side.
import { createMemoryContactCenter } from '../src/transport/memory/index.js';
import { createWorkspaceStore } from '../src/store/index.js';
import { setLocale } from '../src/components/shared/localization.js';
import '../src/components/index.js';
import './demo-agent-pane.js';
import './demo-contact-pane.js';
import type { WorkspaceStore } from '../src/store/types.js';

const params = new URLSearchParams(location.search);
const center = createMemoryContactCenter({
  clock: 'real',
  // Maria is played by the demo itself, so a conference or transfer to the Chat Support
  // queue has somebody to route to when Kate and Jim are busy.
  simulatedAgents: { maria: { onInvitation: 'accept', delayMs: 2500, replies: ['Hello, Maria here. How can I help?'] } },
  config: { inviteTimeoutMs: Number(params.get('inviteTimeoutMs') ?? 30000) },
});

const people = [
  { id: 'avril', name: 'Avril Mai', role: 'contact' as const },
  { id: 'kate', name: 'Kate Lewis', role: 'agent' as const },
  { id: 'jim', name: 'Jim Miller', role: 'agent' as const },
];

const panes = document.getElementById('panes')!;
const stores: WorkspaceStore[] = [];
for (const person of people) {
  const store = createWorkspaceStore({ transport: center.transport(), user: { id: person.id } });
  stores.push(store);
  const pane = document.createElement(person.role === 'contact' ? 'demo-contact-pane' : 'demo-agent-pane') as HTMLElement & {
    store: WorkspaceStore;
    personName: string;
  };
  pane.store = store;
  pane.personName = person.name;
  panes.append(pane);
  void store.connect();
}

const theme = document.getElementById('theme') as HTMLSelectElement;
theme.addEventListener('change', () => {
  document.documentElement.dataset.theme = theme.value;
});
const dir = document.getElementById('dir') as HTMLSelectElement;
dir.addEventListener('change', () => {
  document.documentElement.dir = dir.value;
});
const locale = document.getElementById('locale') as HTMLSelectElement;
locale.addEventListener('change', () => {
  void setLocale(locale.value);
  document.documentElement.lang = locale.value;
});

// Host-media events (voice, IM, e-mail) are the host's to handle; the demo says what it got.
for (const name of ['party-call', 'party-instant-message', 'party-email', 'target-voice-consultation', 'target-instant-message'] as const) {
  document.addEventListener(name, (event) => {
    const status = document.getElementById('host-events');
    if (status) status.textContent = `Host event: ${name}`;
    console.info(name, (event as CustomEvent).detail);
  });
}

Object.assign(window, { demo: { center, stores } });
