// The React 19 quick start: the @lit/react components from 'workspace-chat/react' with typed
// event props, one store on the memory transport, and a customer who starts a chat.
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { createMemoryContactCenter, createWorkspaceStore, startSeedChat } from 'workspace-chat';
import { ChatInteraction, InteractionPreview, WorkspaceProvider } from 'workspace-chat/react';

const center = createMemoryContactCenter({ clock: 'real' });
const store = createWorkspaceStore({ transport: center.transport(), user: { id: 'kate' } });
// Once per page, although StrictMode runs effects twice in development.
let started = false;

function Desktop() {
  const [lastAnswer, setLastAnswer] = useState<'accept' | 'reject'>();
  useEffect(() => {
    if (started) return;
    started = true;
    void store.connect().then(() => startSeedChat(center));
  }, []);
  return (
    <WorkspaceProvider store={store}>
      <h1>Kate's desktop (React)</h1>
      <InteractionPreview takeFocus onInvitationAnswer={(event) => setLastAnswer(event.detail.answer)} />
      <ChatInteraction onInteractionDone={(event) => console.log(`done: ${event.detail.sessionId}`)} />
      {/* The tags themselves are typed in JSX too. */}
      <team-communicator mode="browse" hidden></team-communicator>
      <p>{lastAnswer ? `Last answer: ${lastAnswer}` : 'No answer yet'}</p>
    </WorkspaceProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Desktop />
  </StrictMode>,
);
