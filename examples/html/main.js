// The plain HTML quick start: the elements, one store on the memory transport (the engine in
// the page), and a customer who starts a chat so Kate has something to accept.
// For the reference server, replace `center.transport()` with
// `createWebSocketTransport({ url: 'wss://…' })` from 'workspace-chat/transport/websocket', and
// give the store the signed-in user's token: `user: { id: 'kate', token }`.
import 'workspace-chat/components';
import { createMemoryContactCenter, createWorkspaceStore, startSeedChat } from 'workspace-chat';

const center = createMemoryContactCenter({ clock: 'real' });
const store = createWorkspaceStore({ transport: center.transport(), user: { id: 'kate' } });
document.querySelector('workspace-provider').store = store;

document.addEventListener('invitation-answer', (event) => console.log(`Kate answered: ${event.detail.answer}`));

await store.connect();
await startSeedChat(center);
