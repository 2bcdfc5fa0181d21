// A plain TypeScript host: tags, events and the store, as the README shows them.
import { createMemoryContactCenter, createWorkspaceStore } from 'workspace-chat';
import { TeamCommunicator, type WorkspaceEventMap } from 'workspace-chat/components';
import 'workspace-chat/components/contact-chat';

const center = createMemoryContactCenter();
const store = createWorkspaceStore({ transport: center.transport(), user: { id: 'kate' } });

const communicator: TeamCommunicator = document.createElement('team-communicator');
communicator.store = store;
const chat = document.querySelector('chat-interaction');
if (chat) chat.sessionId = 'chat-1';
document.createElement('contact-chat').store = store;

// Events typed on the document, the window and every element, from the one event map.
document.addEventListener('invitation-answer', (event) => {
  const answer: 'accept' | 'reject' = event.detail.answer;
  const id: string = event.detail.invitation.id;
  console.log(answer, id);
});
window.addEventListener('interaction-done', (event) => console.log(event.detail.sessionId));
communicator.addEventListener('team-communicator-close', (event) => console.log(event.detail.reason));
document.body.addEventListener('party-call', (event) => console.log(event.detail.party.name));

const detail: WorkspaceEventMap['party-email'] | undefined = undefined;
console.log(detail);

// @ts-expect-error: the detail has no such field
document.addEventListener('invitation-answer', (event) => event.detail.nope);
