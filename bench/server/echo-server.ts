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

interface Member {
  socket: WebSocket;
  userId: string;
  position: number;
}

interface Group {
  sessionId: string;
  seq: number;
  members: Member[];
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
  const groups = new Map<string, Group>();

  const http = createServer((_request, response) => response.writeHead(404).end());
  const wss = new WebSocketServer({ server: http, path: '/ws', perMessageDeflate: false });

  wss.on('connection', (socket) => {
    let member: Member | undefined;
    let group: Group | undefined;
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
        if (!group) groups.set(sessionId, (group = { sessionId: `${idPrefix}${(++idCounter).toString(36)}`, seq: 0, members: [] }));
        member = { socket, userId, position: 0 };
        group.members.push(member);
        socket.send(JSON.stringify({ type: 'event', epoch, position: 0, event: { type: 'session-added', session: { id: group.sessionId } } }));
        return;
      }
      if (frame.type !== 'command' || !frame.command || !group) return;
      const command = frame.command;
      const entry = {
        kind: 'message',
        at: Date.now(),
        visibility: 'all',
        from: { id: member.userId, name: options.names.get(member.userId), role: options.roles.get(member.userId) },
        text: command.text,
        ...(command.clientMessageId ? { clientMessageId: command.clientMessageId } : {}),
        seq: ++group.seq,
        id: `${idPrefix}${(++idCounter).toString(36)}`,
      };
      for (const to of group.members) {
        to.position += 1;
        to.socket.send(JSON.stringify({ type: 'event', epoch, position: to.position, event: { type: 'entry-added', sessionId: group.sessionId, entry } }));
      }
      socket.send(JSON.stringify({ type: 'result', id: frame.id, result: { ok: true, value: { entryId: entry.id } } }));
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
