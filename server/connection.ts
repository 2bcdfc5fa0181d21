import type { RawData, WebSocket } from 'ws';
import type { ChatError, Command, Role, UserId } from '../src/engine/types.js';
import {
  decodeFrame,
  encodeFrame,
  parseClientFrame,
  type ClientFrameResult,
  type CommandSchemas,
  type ServerFrame,
} from '../src/protocol/index.js';
import type { StreamEvent } from '../src/transport/types.js';
import { verifyToken } from './auth.js';
import type { ChatHub } from './chat-hub.js';
import type { ServerClock } from './clock.js';
import { CLOSE } from './close-codes.js';
import type { Logger } from './logger.js';
import { RateLimiter } from './rate-limit.js';

export interface ConnectionLimits {
  maxFrameBytes: number;
  messagesPerWindow: number;
  windowMs: number;
  burst: number;
  helloTimeoutMs: number;
  /** A client that lets this much outgoing data pile up is too slow to keep: it is closed and resumes later. */
  maxBufferedBytes: number;
}

export interface ConnectionContext {
  hub: ChatHub;
  secret: string;
  users: ReadonlyMap<UserId, { role: Role; name: string }>;
  schemas: CommandSchemas;
  limits: ConnectionLimits;
  clock: ServerClock;
  logger: Logger;
  /** Called once when the connection is gone, for the server's bookkeeping. */
  onGone(connection: ChatConnection): void;
}

let connectionCount = 0;

/** Reasons a sign-in was refused, as logged. The client only hears "unauthorized". */
type RefusalReason = 'missing' | 'malformed' | 'bad-signature' | 'expired' | 'unknown-user' | 'role-mismatch' | 'not-hello' | 'hello-timeout';

/**
 * One WebSocket: waits for `hello`, signs the user in, then runs their commands and
 * streams their events. All handling is synchronous per frame, so answers go out in the
 * order frames came in (a `pong` after `hello` proves the hello and any resumed events were sent).
 */
export class ChatConnection {
  readonly id = `c${++connectionCount}`;
  userId: UserId | undefined;
  private phase: 'hello' | 'open' | 'closed' = 'hello';
  private cancelHelloTimer: (() => void) | undefined;
  private detach: (() => void) | undefined;
  private readonly limiter: RateLimiter;
  /** Typing signals have their own budget, so a fast typist can never starve their own commands. */
  private readonly typingLimiter: RateLimiter;
  /** Whether the peer answered (or sent anything) since the last heartbeat. */
  private alive = true;

  constructor(
    private readonly socket: WebSocket,
    private readonly ctx: ConnectionContext,
    readonly remote: string | undefined,
  ) {
    const { limits, clock } = ctx;
    this.limiter = new RateLimiter(limits.messagesPerWindow, limits.windowMs, limits.burst, clock.now());
    this.typingLimiter = new RateLimiter(limits.messagesPerWindow, limits.windowMs, limits.burst, clock.now());
    this.cancelHelloTimer = clock.setTimer(() => this.refuse('hello-timeout', CLOSE.helloTimeout), limits.helloTimeoutMs);
    socket.on('message', (data, isBinary) => {
      this.alive = true;
      this.onMessage(data, isBinary);
    });
    socket.on('pong', () => {
      this.alive = true;
    });
    socket.on('close', (code) => this.onClose(code));
    socket.on('error', (error) => {
      ctx.logger({ level: 'warn', event: 'socket-error', connection: this.id, user: this.userId, message: error.message });
    });
  }

  get isOpen(): boolean {
    return this.phase === 'open';
  }

  /** Closes with `code` (1012 on shutdown, so clients resume). */
  close(code: number, reason: string): void {
    if (this.phase === 'closed') return;
    this.end();
    this.socket.close(code, reason);
  }

  /** Called every heartbeat interval: drops a peer that stayed silent for a whole interval, pings the others. */
  heartbeat(): void {
    if (this.phase === 'closed') return;
    if (!this.alive) {
      this.ctx.logger({ level: 'warn', event: 'heartbeat-missed', connection: this.id, user: this.userId });
      this.terminate();
      return;
    }
    this.alive = false;
    this.socket.ping();
  }

  /** Drops the TCP connection without a closing handshake (shutdown of a silent peer). */
  terminate(): void {
    this.end();
    this.socket.terminate();
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.phase === 'closed') return;
    const { limits, logger } = this.ctx;
    const bytes = byteLength(data);
    if (bytes > limits.maxFrameBytes) {
      logger({ level: 'warn', event: 'frame-refused', connection: this.id, user: this.userId, code: 'too-large', bytes });
      this.sendError({ code: 'malformed-frame', message: `The frame is ${bytes} bytes, larger than the ${limits.maxFrameBytes}-byte limit.` });
      this.close(CLOSE.tooLarge, 'Frame too large');
      return;
    }
    const decoded = isBinary
      ? ({ ok: false, error: { code: 'malformed-frame', message: 'Frames must be text: one JSON object each.' } } as const)
      : decodeFrame(toText(data), limits.maxFrameBytes);
    const parsed: ClientFrameResult = decoded.ok ? parseClientFrame(decoded.value, this.ctx.schemas) : decoded;

    if (this.phase === 'hello') {
      if (parsed.ok && parsed.value.type === 'hello') this.signIn(parsed.value.token, parsed.value.resumeFrom);
      else this.refuse('not-hello', CLOSE.unauthorized);
      return;
    }

    if (parsed.ok && parsed.value.type === 'ping') {
      // Liveness is never rate-limited: a busy client must not look dead.
      // After the answers to earlier commands (which may be waiting for the disk), in frame order.
      const pong: ServerFrame = parsed.value.id === undefined ? { type: 'pong' } : { type: 'pong', id: parsed.value.id };
      this.ctx.hub.afterPending(() => this.send(pong));
      return;
    }

    const typing = parsed.ok && parsed.value.type === 'command' && parsed.value.command.type === 'set-typing';
    const waitMs = (typing ? this.typingLimiter : this.limiter).take(this.ctx.clock.now());
    if (waitMs > 0) {
      const seconds = Math.max(1, Math.ceil(waitMs / 1000));
      const error: ChatError = {
        code: 'rate-limited',
        message: `Too many messages: at most ${limits.messagesPerWindow} every ${limits.windowMs / 1000} seconds. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
      };
      const id = parsed.ok ? (parsed.value.type === 'command' ? parsed.value.id : undefined) : parsed.id;
      logger({ level: 'warn', event: 'rate-limited', connection: this.id, user: this.userId });
      if (id !== undefined) this.send({ type: 'result', id, result: { ok: false, error } });
      else this.sendError(error);
      return;
    }

    if (!parsed.ok) {
      // A readable command frame with a bad command is answered as that command's result.
      if (parsed.id !== undefined) {
        logger({ level: 'warn', event: 'frame-refused', connection: this.id, user: this.userId, code: parsed.error.code, field: parsed.error.field });
        this.send({ type: 'result', id: parsed.id, result: { ok: false, error: parsed.error } });
      } else {
        this.frameError(parsed.error);
      }
      return;
    }

    const frame = parsed.value;
    if (frame.type !== 'command') {
      this.frameError({ code: 'malformed-frame', message: 'This connection is already signed in; open a new connection to sign in again.', field: 'type' });
      return;
    }
    // The frame id doubles as the idempotency key, so a frame re-sent after a reconnect is applied once.
    const command: Command = frame.command.commandId === undefined ? { ...frame.command, commandId: frame.id } : frame.command;
    // Answered once recorded (after the disk flush, when durable); its events go out first.
    this.ctx.hub.execute(this.userId!, command, (result) => this.send({ type: 'result', id: frame.id, result }));
  }

  private signIn(token: string | undefined, resumeFrom: { epoch: string; position: number } | undefined): void {
    const check = verifyToken(this.ctx.secret, token, this.ctx.clock.now());
    if (!check.ok) {
      this.refuse(check.reason, CLOSE.unauthorized);
      return;
    }
    const user = this.ctx.users.get(check.claims.sub);
    if (!user) return this.refuse('unknown-user', CLOSE.unauthorized);
    if (user.role !== check.claims.role) return this.refuse('role-mismatch', CLOSE.unauthorized);
    this.cancelHelloTimer?.();
    this.cancelHelloTimer = undefined;
    this.userId = check.claims.sub;
    this.phase = 'open';
    const attached = this.ctx.hub.attach(this.userId, { deliver: (event) => this.deliver(event) }, resumeFrom);
    this.detach = attached.detach;
    this.ctx.logger({
      level: 'info',
      event: 'connection-opened',
      connection: this.id,
      user: this.userId,
      role: user.role,
      resumed: attached.resumed,
      remote: this.remote,
    });
  }

  private refuse(reason: RefusalReason, code: number): void {
    if (this.phase === 'closed') return;
    this.ctx.logger({ level: 'warn', event: 'auth-refused', connection: this.id, reason, remote: this.remote });
    this.sendError({ code: 'unauthorized', message: refusalMessage(reason) });
    this.close(code, reason === 'hello-timeout' ? 'Sign-in timed out' : 'Unauthorized');
  }

  private deliver(event: StreamEvent): void {
    if (this.phase !== 'open') return;
    if (this.socket.bufferedAmount > this.ctx.limits.maxBufferedBytes) {
      this.ctx.logger({ level: 'warn', event: 'slow-consumer', connection: this.id, user: this.userId, buffered: this.socket.bufferedAmount });
      this.close(CLOSE.tryAgainLater, 'Too far behind; reconnect and resume');
      return;
    }
    this.send({ type: 'event', epoch: event.epoch, position: event.position, event: event.event });
  }

  private frameError(error: ChatError): void {
    this.ctx.logger({ level: 'warn', event: 'frame-refused', connection: this.id, user: this.userId, code: error.code, field: error.field });
    this.sendError(error);
  }

  private sendError(error: ChatError): void {
    this.send({ type: 'error', error });
  }

  private send(frame: ServerFrame): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(encodeFrame(frame));
  }

  private end(): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    this.cancelHelloTimer?.();
    this.cancelHelloTimer = undefined;
    this.detach?.();
    this.detach = undefined;
  }

  private onClose(code: number): void {
    const wasSignedIn = this.userId !== undefined;
    this.end();
    if (wasSignedIn) this.ctx.logger({ level: 'info', event: 'connection-closed', connection: this.id, user: this.userId, code });
    this.ctx.onGone(this);
  }
}

function refusalMessage(reason: RefusalReason): string {
  switch (reason) {
    case 'missing':
      return 'Sign in first: the hello frame carries no token.';
    case 'expired':
      return 'Your sign-in has expired. Sign in again.';
    case 'not-hello':
      return 'The first frame must be a hello frame carrying a sign-in token.';
    case 'hello-timeout':
      return 'No hello frame arrived in time. Connect again and send hello with a sign-in token first.';
    default:
      // Forged, malformed and mismatched tokens are not told apart, to give an attacker nothing.
      return 'The sign-in token is not valid. Sign in again.';
  }
}

function byteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  return data.byteLength;
}

function toText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

