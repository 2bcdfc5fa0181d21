// The side-by-side demo: one in-page contact center (memory transport, real time) and a
// store per person, so the contact and two agents can play every seed lesson in one page.
import { createMemoryContactCenter } from '../src/transport/memory/index.js';
import { createWorkspaceStore } from '../src/store/index.js';
import '../src/components/index.js';
import './demo-agent-pane.js';
import './demo-contact-pane.js';
import { renderSettings, reportHostEvents } from './settings.js';
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

renderSettings(document.getElementById('settings')!);
reportHostEvents(document.getElementById('host-events')!);

Object.assign(window, { demo: { center, stores } });
