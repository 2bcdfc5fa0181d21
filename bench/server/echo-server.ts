import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * The baseline: a bare `ws` fan-out relay speaking the same frames as the chat server. It
 * takes the user id from the hello token without checking it, and answers every
 * `send-message` command the way the chat server does on the wire — an `entry-added` event
 * frame of the same shape and size to each member of the sender's group (the other two
 * receive it, the sender gets its echo) and a `result` frame — with no validation, engine,
 * journal or resume log in between.
 */
export interface EchoServer {
  readonly wsUrl: string;
  close(): Promise<void>;
}

export interface RelayMember {
  socket: Pick<WebSocket, 'send'>;
  userId: string;
  position: number;
}

export interface RelayGroup {
  sessionId: string;
  seq: number;
  members: RelayMember[];
}

/** What the relay knows besides its groups: the epoch it stamps on frames, names and roles by user, entry ids. */
export interface RelayContext {
  epoch: string;
  names: ReadonlyMap<string, string>;
  roles: ReadonlyMap<string, 'agent' | 'contact'>;
  nextId(): string;
}

/**
 * The relay's whole work for one `send-message` command frame from `member` of `group`: an
 * `entry-added` event frame to each member at their next position (the sender gets its echo),
 * then the sender's `result` frame.
 */
export function relayCommand(
  context: RelayContext,
  group: RelayGroup,
  member: RelayMember,
  frame: { id?: string; command: { sessionId: string; text: string; clientMessageId?: string } },
): void {
  const command = frame.command;
  const entry = {
    kind: 'message',
    at: Date.now(),
    visibility: 'all',
    from: { id: member.userId, name: context.names.get(member.userId), role: context.roles.get(member.userId) },
    text: command.text,
    ...(command.clientMessageId ? { clientMessageId: command.clientMessageId } : {}),
    seq: ++group.seq,
    id: context.nextId(),
  };
  for (const to of group.members) {
    to.position += 1;
    to.socket.send(JSON.stringify({ type: 'event', epoch: context.epoch, position: to.position, event: { type: 'entry-added', sessionId: group.sessionId, entry } }));
  }
  member.socket.send(JSON.stringify({ type: 'result', id: frame.id, result: { ok: true, value: { entryId: entry.id } } }));
}

export async function createEchoServer(options: {
  /** userId → the key of the group (session) it belongs to. */
  sessionOf: ReadonlyMap<string, string>;
  names: ReadonlyMap<string, string>;
  roles: ReadonlyMap<string, 'agent' | 'contact'>;
}): Promise<EchoServer> {
  const random = randomBytes(6).toString('hex');
  // Same shapes as the chat server's epoch and entry ids, so frames have the same sizes.
  const epoch = `${Date.now().toString(36)}-${random}`;
  const idPrefix = `${random.slice(0, 4)}-`;
  let idCounter = 0;
  const nextId = () => `${idPrefix}${(++idCounter).toString(36)}`;
  const context: RelayContext = { epoch, names: options.names, roles: options.roles, nextId };
  const groups = new Map<string, RelayGroup>();

  const http = createServer((_request, response) => response.writeHead(404).end());
  const wss = new WebSocketServer({ server: http, path: '/ws', perMessageDeflate: false });

  wss.on('connection', (socket) => {
    let member: RelayMember | undefined;
    let group: RelayGroup | undefined;
    socket.on('error', () => socket.terminate());
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as {
        type: string;
        token?: string;
        id?: string;
        command?: { type: string; sessionId: string; text: string; clientMessageId?: string };
      };
      if (!member) {
        const userId = (JSON.parse(Buffer.from(String(frame.token).split('.')[0]!, 'base64url').toString()) as { sub: string }).sub;
        const sessionId = options.sessionOf.get(userId)!;
        group = groups.get(sessionId);
        // Session ids drawn from the same counter as entry ids, as the engine does.
        if (!group) groups.set(sessionId, (group = { sessionId: nextId(), seq: 0, members: [] }));
        member = { socket, userId, position: 0 };
        group.members.push(member);
        socket.send(JSON.stringify({ type: 'event', epoch, position: 0, event: { type: 'session-added', session: { id: group.sessionId } } }));
        return;
      }
      if (frame.type !== 'command' || !frame.command || !group) return;
      relayCommand(context, group, member, { id: frame.id, command: frame.command });
    });
    socket.on('close', () => {
      if (group && member) group.members = group.members.filter((m) => m !== member);
    });
  });

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
