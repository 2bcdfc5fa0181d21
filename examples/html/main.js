// The plain HTML quick start: the elements and one store.
//   On the memory transport (the engine in the page): open the page as it is; a customer
//   starts a chat so Kate has something to accept.
//   On the reference server: open it with `#ws=<the server's WebSocket URL>&token=<Kate's token>`
//   (a real host gets the token from its own sign-in).
import 'workspace-chat/components';
import { createMemoryContactCenter, createWorkspaceStore, startSeedChat } from 'workspace-chat';
import { createWebSocketTransport } from 'workspace-chat/transport/websocket';

const server = new URLSearchParams(location.hash.slice(1));
const center = server.get('ws') ? undefined : createMemoryContactCenter({ clock: 'real' });
const store = createWorkspaceStore({
  transport: center ? center.transport() : createWebSocketTransport({ url: server.get('ws') }),
  user: { id: 'kate', token: server.get('token') ?? undefined },
});
document.querySelector('workspace-provider').store = store;
document.addEventListener('invitation-answer', (event) => console.log(`Kate answered: ${event.detail.answer}`));

await store.connect();
if (center) await startSeedChat(center);
