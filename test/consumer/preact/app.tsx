// A Preact host in strict TypeScript, using the tags in JSX.
import { render } from 'preact';
import type {} from 'workspace-chat/jsx/preact';
import 'workspace-chat/components';
import { createMemoryContactCenter, createWorkspaceStore } from 'workspace-chat';

const center = createMemoryContactCenter();
const store = createWorkspaceStore({ transport: center.transport(), user: { id: 'kate' } });

function Desktop() {
  return (
    <workspace-provider store={store}>
      <interaction-preview take-focus oninvitation-answer={(event) => console.log(event.detail.answer)}></interaction-preview>
      <chat-interaction session-id="chat-1" theme="dark" onparty-call={(event) => console.log(event.detail.party.name)}></chat-interaction>
      {/* @ts-expect-error: not a theme */}
      <contact-chat theme="purple"></contact-chat>
      {/* @ts-expect-error: the detail has no such field */}
      <interaction-preview oninvitation-answer={(event) => console.log(event.detail.nope)}></interaction-preview>
    </workspace-provider>
  );
}

render(<Desktop />, document.body);
