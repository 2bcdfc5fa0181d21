// The load generator, run as a child process (`fork`) so the clients have a core of their
// own and the server's figure is not slowed by the work of 3,000 clients in its event loop.
// It opens one WebSocket per participant, sets the sessions up (against the chat server:
// through its real protocol), then sends messages at a steady rate and records when each
// reaches the other two members of its session.
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { ParticipantPlan, SessionPlan } from './plan.js';

export interface LoadRequest {
  type: 'run';
  /** `chat`: the chat server (sessions set up through commands); `echo`: the baseline relay. */
  mode: 'chat' | 'echo';
  wsUrl: string;
  sessions: SessionPlan[];
  participants: ParticipantPlan[];
  /** Messages per second each participant sends. */
  ratePerParticipant: number;
  warmupSeconds: number;
  seconds: number;
  /** Longest wait for the last messages after sending stopped. */
  drainSeconds: number;
  /** Characters of each message's text. */
  textLength: number;
}

export interface LoadReport {
  type: 'report';
  connectMs: number;
  setupMs: number;
  /** Messages sent during the measured window. */
  sent: number;
  /** Deliveries (to the other two members) of those messages. */
  expected: number;
  received: number;
  /** Deliveries of any message that arrived inside the measured window, per second. */
  deliveredPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Mean size of the first frame after hello (the chat server's snapshot), for contacts and for agents. */
  meanFirstFrameBytes: { contact: number; agent: number };
  /** Mean size of the entry-added event frames received (to check both servers send the same). */
  meanEventBytes: number;
  /** Refused commands and error frames, by code. */
  errors: Record<string, number>;
  closedEarly: number;
}

type Frame = { type: string; id?: string; event?: { type: string; [key: string]: unknown }; result?: { ok: boolean; value?: Record<string, string>; error?: { code: string } }; error?: { code: string } };
type EventWaiter = { test: (event: NonNullable<Frame['event']>) => boolean; resolve: (event: NonNullable<Frame['event']>) => void };

const WINDOW = { warmup: 0, measure: 1, drain: 2 } as const;

class Client {
  socket!: WebSocket;
  sessionId = '';
  firstFrameBytes = 0;
  private nextId = 0;
  private readonly pending = new Map<string, (frame: Frame) => void>();
  private waiters: EventWaiter[] = [];
  constructor(
    readonly plan: ParticipantPlan,
    private readonly onFrame: (client: Client, frame: Frame, bytes: number) => void,
  ) {}

  open(url: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket = new WebSocket(url, { perMessageDeflate: false });
      let greeted = false;
      this.socket.once('open', () => this.socket.send(JSON.stringify({ type: 'hello', token: this.plan.token })));
      this.socket.once('error', reject);
      this.socket.on('message', (data: Buffer) => {
        const frame = JSON.parse(data.toString()) as Frame;
        if (!greeted && frame.type === 'event') {
          greeted = true;
          this.firstFrameBytes = data.length;
          // The baseline relay names the session in its first frame; the chat server's comes from setup.
          const session = frame.event?.session as { id?: string } | undefined;
          if (frame.event?.type === 'session-added' && session?.id) this.sessionId = session.id;
          resolve();
        }
        if (frame.type === 'result' && frame.id !== undefined) {
          const done = this.pending.get(frame.id);
          this.pending.delete(frame.id);
          done?.(frame);
        }
        if (frame.type === 'event' && frame.event && this.waiters.length > 0) {
          const event = frame.event;
          this.waiters = this.waiters.filter((waiter) => (waiter.test(event) ? (waiter.resolve(event), false) : true));
        }
        this.onFrame(this, frame, data.length);
      });
    });
  }

  /** Sends a command; resolves with its result frame. */
  command(command: Record<string, unknown>): Promise<Frame> {
    const id = this.frameId();
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.socket.send(JSON.stringify({ type: 'command', id, command }));
    });
  }

  /** Sends a command without waiting for its result (the load phase counts results in bulk). */
  fire(command: Record<string, unknown>): void {
    this.socket.send(JSON.stringify({ type: 'command', id: this.frameId(), command }));
  }

  /** Resolves with the first event from now on that passes `test`. */
  waitFor(test: EventWaiter['test']): Promise<NonNullable<Frame['event']>> {
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  private frameId(): string {
    return `${this.plan.userId}-${++this.nextId}`;
  }
}

async function inBatches<T>(items: T[], width: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}

function check(frame: Frame, what: string): Record<string, string> {
  if (frame.result?.ok !== true) throw new Error(`${what} was refused: ${JSON.stringify(frame.result ?? frame)}`);
  return frame.result.value ?? {};
}

/** Contact starts the chat, the first agent accepts it and conferences the second, who accepts. */
async function setUpSession(plan: SessionPlan, clients: Map<string, Client>): Promise<void> {
  const contact = clients.get(plan.contact)!;
  const first = clients.get(plan.first)!;
  const second = clients.get(plan.second)!;
  const isOffer = (kind: string, invitee: string) => (event: NonNullable<Frame['event']>) => {
    const invitation = event.invitation as { kind: string; state: string; invitee?: { id: string } } | undefined;
    return event.type === 'invitation-updated' && invitation?.kind === kind && invitation.state === 'pending' && invitation.invitee?.id === invitee;
  };
  const chatOffer = first.waitFor(isOffer('chat', first.plan.userId));
  const started = check(await contact.command({ type: 'start-chat', subject: `Bench chat ${plan.index + 1}`, targetId: plan.queue }), 'start-chat');
  const chat = (await chatOffer).invitation as { id: string };
  check(await first.command({ type: 'accept-invitation', invitationId: chat.id }), 'accept chat');
  const conferenceOffer = second.waitFor(isOffer('conference', second.plan.userId));
  check(await first.command({ type: 'invite', sessionId: started.sessionId, kind: 'conference', targetId: plan.second }), 'invite');
  const conference = (await conferenceOffer).invitation as { id: string };
  check(await second.command({ type: 'accept-invitation', invitationId: conference.id }), 'accept conference');
  for (const client of [contact, first, second]) client.sessionId = started.sessionId!;
}

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

async function run(request: LoadRequest): Promise<LoadReport> {
  const errors: Record<string, number> = {};
  const count = (code: string) => (errors[code] = (errors[code] ?? 0) + 1);
  let window: number = WINDOW.warmup;
  let measureStart = 0;
  let measureEnd = 0;
  let inWindow = 0;
  let eventBytes = 0;
  let eventFrames = 0;
  let received = 0;
  let closedEarly = 0;
  let loading = false;
  // Latencies of measured messages, in ms; grown by doubling.
  let latencies = new Float64Array(1 << 16);

  const onFrame = (client: Client, frame: Frame, bytes: number) => {
    if (frame.type === 'error') count(frame.error?.code ?? 'error');
    else if (frame.type === 'result' && frame.result?.ok === false) count(frame.result.error?.code ?? 'refused');
    if (!loading || frame.type !== 'event' || frame.event?.type !== 'entry-added') return;
    const entry = frame.event.entry as { kind: string; text: string; from: { id: string } };
    if (entry.kind !== 'message') return;
    const now = performance.now();
    eventBytes += bytes;
    eventFrames += 1;
    if (entry.from.id === client.plan.userId) return; // the sender's own echo
    if (now >= measureStart && now < measureEnd) inWindow += 1;
    // Text: "<m|w> <send time in ms> …": only messages sent in the measured window count.
    if (entry.text[0] !== 'm') return;
    const sentAt = Number(entry.text.slice(2, entry.text.indexOf(' ', 2)));
    if (received === latencies.length) {
      const grown = new Float64Array(latencies.length * 2);
      grown.set(latencies);
      latencies = grown;
    }
    latencies[received++] = now - sentAt;
  };

  const clients = new Map<string, Client>();
  for (const participant of request.participants) clients.set(participant.userId, new Client(participant, onFrame));

  const connectStarted = performance.now();
  await inBatches([...clients.values()], 64, (client) => client.open(request.wsUrl));
  for (const client of clients.values()) client.socket.on('close', () => (loading ? (closedEarly += 1) : undefined));
  const connectMs = performance.now() - connectStarted;

  const setupStarted = performance.now();
  if (request.mode === 'chat') await inBatches(request.sessions, 200, (plan) => setUpSession(plan, clients));
  const setupMs = performance.now() - setupStarted;

  // Steady open-loop load: the k-th message of the whole run goes out at start + k / rate,
  // from participants taken round-robin in a shuffled order, whatever the server's pace.
  const order = [...clients.values()];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const perMs = (order.length * request.ratePerParticipant) / 1000;
  const filler = 'x'.repeat(request.textLength);
  let sent = 0;
  let k = 0;
  loading = true;
  const loadStart = performance.now();
  measureStart = loadStart + request.warmupSeconds * 1000;
  measureEnd = measureStart + request.seconds * 1000;
  await new Promise<void>((resolve) => {
    const pump = () => {
      const now = performance.now();
      if (now >= measureEnd) {
        window = WINDOW.drain;
        resolve();
        return;
      }
      if (window === WINDOW.warmup && now >= measureStart) {
        window = WINDOW.measure;
        process.send!({ type: 'phase', phase: 'measure' });
      }
      const due = Math.floor((now - loadStart) * perMs);
      const tag = window === WINDOW.measure ? 'm' : 'w';
      for (; k < due; k++) {
        const client = order[k % order.length]!;
        const stamp = `${tag} ${performance.now().toFixed(3)} `;
        client.fire({ type: 'send-message', sessionId: client.sessionId, text: (stamp + filler).slice(0, request.textLength), clientMessageId: `m${k}` });
        if (tag === 'm') sent += 1;
      }
      setTimeout(pump, 1);
    };
    pump();
  });

  process.send!({ type: 'phase', phase: 'drain' });
  const expected = sent * 2;
  const drainUntil = performance.now() + request.drainSeconds * 1000;
  while (received < expected && performance.now() < drainUntil) await new Promise((resolve) => setTimeout(resolve, 20));
  loading = false;

  await Promise.all(
    [...clients.values()].map(
      (client) =>
        new Promise<void>((resolve) => {
          if (client.socket.readyState === WebSocket.CLOSED) return resolve();
          client.socket.once('close', () => resolve());
          client.socket.close(1000, 'Benchmark done');
          setTimeout(() => {
            client.socket.terminate();
            resolve();
          }, 3000).unref();
        }),
    ),
  );

  const firstFrame = (role: ParticipantPlan['role']) => {
    const sizes = [...clients.values()].filter((c) => c.plan.role === role).map((c) => c.firstFrameBytes);
    return sizes.reduce((a, b) => a + b, 0) / Math.max(1, sizes.length);
  };
  const sorted = latencies.slice(0, received).sort();
  return {
    type: 'report',
    connectMs,
    setupMs,
    sent,
    expected,
    received,
    deliveredPerSecond: inWindow / request.seconds,
    p50Ms: quantile(sorted, 0.5),
    p99Ms: quantile(sorted, 0.99),
    maxMs: sorted.length ? sorted[sorted.length - 1]! : NaN,
    meanFirstFrameBytes: { contact: firstFrame('contact'), agent: firstFrame('agent') },
    meanEventBytes: eventFrames ? eventBytes / eventFrames : NaN,
    errors,
    closedEarly,
  };
}

process.on('message', (message: LoadRequest) => {
  if (message?.type !== 'run') return;
  run(message).then(
    (report) => process.send!(report, () => process.exit(0)),
    (error: Error) => process.send!({ type: 'failed', message: error.stack ?? error.message }, () => process.exit(1)),
  );
});
