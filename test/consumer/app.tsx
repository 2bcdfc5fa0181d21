// A React 19 host in strict TypeScript: the tags themselves in JSX, and the @lit/react wrappers.
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { createMemoryContactCenter, createWorkspaceStore } from 'workspace-chat';
import { ChatInteraction, InteractionPreview, WorkspaceProvider } from 'workspace-chat/react';

const center = createMemoryContactCenter();
const store = createWorkspaceStore({ transport: center.transport(), user: { id: 'jim' } });

function Desktop() {
  const [answered, setAnswered] = useState<'accept' | 'reject'>();
  return (
    <WorkspaceProvider store={store}>
      <InteractionPreview onInvitationAnswer={(event) => setAnswered(event.detail.answer)} />
      <ChatInteraction sessionId="chat-1" onPartyCall={(event) => console.log(event.detail.party.name)} onInteractionDone={(event) => console.log(event.detail.sessionId)} />
      <p>{answered}</p>
    </WorkspaceProvider>
  );
}

function Tags() {
  return (
    <workspace-provider store={store}>
      <interaction-preview take-focus oninvitation-answer={(event) => console.log(event.detail.invitation.id)}></interaction-preview>
      <chat-interaction session-id="chat-1" theme="dark" onparty-call={(event) => console.log(event.detail.party.userId)}></chat-interaction>
      <team-communicator mode="consultation" session-id="chat-1"></team-communicator>
      <conference-party-menu session-id="chat-1" user-id="jim"></conference-party-menu>
      <contact-chat theme="auto"></contact-chat>
      {/* @ts-expect-error: not a theme */}
      <chat-interaction theme="purple"></chat-interaction>
      {/* @ts-expect-error: the detail has no such field */}
      <interaction-preview oninvitation-answer={(event) => console.log(event.detail.nope)}></interaction-preview>
    </workspace-provider>
  );
}

createRoot(document.getElementById('root')!).render(
  <>
    <Desktop />
    <Tags />
  </>,
);
