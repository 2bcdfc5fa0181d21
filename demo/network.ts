// The demo over the network: `/` lists the seeded users to sign in as; `/?user=<id>` opens
// that user's view on the reference server (WebSocket transport, a store for this user):
// the contact's chat widget, or an agent's desktop. Open each person in their own window.
import { html, render, type TemplateResult } from 'lit';
import { createWebSocketTransport } from '../src/transport/websocket/index.js';
import { createWorkspaceStore } from '../src/store/index.js';
import '../src/components/index.js';
import './demo-agent-pane.js';
import './demo-contact-pane.js';
import { renderSettings, reportHostEvents } from './settings.js';

interface DemoUser {
  id: string;
  name: string;
  role: 'agent' | 'contact';
}

interface DemoToken {
  token: string;
  user: DemoUser;
  expiresAt: number;
}

const app = document.getElementById('app')!;
renderSettings(document.getElementById('settings')!);
reportHostEvents(document.getElementById('host-events')!);

const userId = new URLSearchParams(location.search).get('user');
if (userId) void openUser(userId);
else void showSignIn();

/** What the server answered, or why it could not. */
async function getJson<T>(path: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { cache: 'no-store' });
  } catch {
    throw new Error('The chat server cannot be reached. Start it with npm start.');
  }
  const body = (await response.json().catch(() => undefined)) as (T & { error?: { message?: string } }) | undefined;
  if (!response.ok || body === undefined) {
    throw new Error(body?.error?.message ?? `The chat server answered ${response.status} to ${path}.`);
  }
  return body;
}

function problem(heading: string, message: string): TemplateResult {
  return html`<h1>${heading}</h1>
    <p role="alert">${message}</p>
    <p><a href="./">Back to sign in</a></p>`;
}

function userLink(user: DemoUser): TemplateResult {
  return html`<li><a href="?user=${encodeURIComponent(user.id)}">${user.name}</a></li>`;
}

async function showSignIn(): Promise<void> {
  document.title = 'workspace-chat — sign in';
  render(html`<h1>Sign in</h1><p role="status">Loading the users…</p>`, app);
  let users: DemoUser[];
  try {
    users = (await getJson<{ users: DemoUser[] }>('/api/demo-users')).users;
  } catch (error) {
    render(problem('Sign in', (error as Error).message), app);
    return;
  }
  const contacts = users.filter((u) => u.role === 'contact');
  const agents = users.filter((u) => u.role === 'agent');
  render(
    html`<h1>Sign in</h1>
      <p>
        Choose who you are. Open each person in their own window (or another browser) to play a
        seed lesson: Avril Mai starts a chat, Kate Lewis accepts it, then conferences, consults or
        transfers to Jim Miller.
      </p>
      <div class="sign-in">
        <section aria-labelledby="contacts-heading">
          <h2 id="contacts-heading">Contacts</h2>
          <ul class="users">
            ${contacts.map(userLink)}
          </ul>
        </section>
        <section aria-labelledby="agents-heading">
          <h2 id="agents-heading">Agents</h2>
          <ul class="users">
            ${agents.map(userLink)}
          </ul>
        </section>
      </div>
      <p>
        Or play all three in one page, without a server:
        <a href="./side-by-side.html">the side-by-side demo</a>.
      </p>`,
    app,
  );
}

async function openUser(id: string): Promise<void> {
  render(html`<h1>Signing in…</h1>`, app);
  let first: DemoToken;
  try {
    first = await getJson<DemoToken>(`/api/demo-token?user=${encodeURIComponent(id)}`);
  } catch (error) {
    render(problem('Cannot sign in', (error as Error).message), app);
    return;
  }
  const user = first.user;
  document.title = `${user.name} — workspace-chat`;
  let firstToken: string | undefined = first.token;
  const wsUrl = new URL('/ws', location.href);
  wsUrl.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const transport = createWebSocketTransport({
    url: wsUrl.href,
    // The first attempt uses the token just fetched; reconnections ask for a fresh one.
    getToken: async (userIdToSign) => {
      if (firstToken) {
        const token = firstToken;
        firstToken = undefined;
        return token;
      }
      return (await getJson<DemoToken>(`/api/demo-token?user=${encodeURIComponent(userIdToSign)}`)).token;
    },
  });
  const store = createWorkspaceStore({ transport, user: { id: user.id } });

  const pane = document.createElement(user.role === 'contact' ? 'demo-contact-pane' : 'demo-agent-pane') as HTMLElement & {
    store: typeof store;
    personName: string;
    headingLevel: 1 | 2;
  };
  pane.store = store;
  pane.personName = user.name;
  pane.headingLevel = 1;
  render(
    html`<p class="signed-in">Signed in as ${user.name} (${user.role}). <a href="./">Sign out</a></p>
      ${pane}`,
    app,
  );
  Object.assign(window, { demo: { store, transport, user } });
  // A refused sign-in shows as the components' connection message; nothing more to do here.
  await store.connect().catch(() => undefined);
}
