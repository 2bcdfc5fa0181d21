// The load generator, run as a child process (`fork`) so the clients have a core of their
// own and the servers' figures are not slowed by the work of 3,000 clients in their event
// loop. For each system it opens one WebSocket per participant and sets the sessions up
// (against the chat server: through its real protocol); then it sends messages at a steady
// rate to one system at a time, in alternating slices, and records when each message
// reaches the other two members of its session.
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { ParticipantPlan, SessionPlan } from './plan.js';

/** `chat`: a chat server or cluster (sessions set up through commands); `echo`: the baseline relay. */
export type Mode = 'chat' | 'echo';

export interface LoadTarget {
  /** The system's name in the report. */
  name: string;
  mode: Mode;
  /** Participants are spread over these (several nodes of a cluster), the i-th on `wsUrls[i % n]`. */
  wsUrls: string[];
}

export interface LoadRequest {
  type: 'run';
  targets: LoadTarget[];
  sessions: SessionPlan[];
  participants: ParticipantPlan[];
  /** Messages per second each participant sends. */
  ratePerParticipant: number;
  /** Unmeasured load on each system before the measured slices. */
  warmupSeconds: number;
  /** Measured seconds per system, split into `slices` alternating slices. */
  seconds: number;
  slices: number;
  /** Longest wait for a slice's last deliveries after its sending stopped. */
  drainSeconds: number;
  /** Characters of each message's text. */
  textLength: number;
  /**
   * After the measured slices: `repeats` sweeps of the rates (messages per second per
   * participant; rising, then falling, by turns), each rate offered to these systems in turn (alternating which goes first)
   * after an unmeasured warm-up at that rate, with the p99 of each step, to find the highest
   * load a system carries with p99 under a bound. Not counted in the figures above.
   */
  ramp?: { systems: string[]; rates: number[]; seconds: number; warmupSeconds: number; repeats: number };
}

/** The p99 of one ramp step. */
export interface RampPoint {
  rate: number;
  /** Which sweep (0, 1, …). */
  repeat: number;
  offeredPerSecond: number;
  deliveredPerSecond: number;
  p99Ms: number;
  /** The load generator's own event-loop use during the step: near 1, its queueing is in the p99. */
  clientBusy: number;
}

/** What the load generator measured of one system. */
export interface SystemReport {
  connectMs: number;
  setupMs: number;
  measuredSeconds: number;
  /** Messages sent in the measured slices. */
  sent: number;
  /** Deliveries (to the other two members) of those messages. */
  expected: number;
  received: number;
  /**
   * Deliveries of the measured messages per second, over each slice from its first send to
   * its last delivery: the offered rate when the server keeps up, less when it lags.
   */
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
  ramp: RampPoint[];
}

export interface LoadReport {
  type: 'report';
  systems: Record<string, SystemReport>;
}

export type LoadMessage =
  | LoadReport
  | { type: 'failed'; message: string }
  /** A measured slice of `mode` starts (`measure`) or its sending ends (`pause`). */
  | { type: 'phase'; phase: 'measure' | 'pause'; system: string };

type Frame = { type: string; id?: string; event?: { type: string; [key: string]: unknown }; result?: { ok: boolean; value?: Record<string, string>; error?: { code: string } }; error?: { code: string } };
type EventWaiter = { test: (event: NonNullable<Frame['event']>) => boolean; resolve: (event: NonNullable<Frame['event']>) => void };

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

/** One system under test: its connections and what they measured. */
class Fleet {
  readonly clients = new Map<string, Client>();
  order: Client[] = [];
  /** Messages sent so far, all slices: the next one goes to order[next % length]. */
  next = 0;
  loading = false;
  connectMs = 0;
  setupMs = 0;
  measuredMs = 0;
  /** Measured slices from their first send to their last delivery (or their end, if later). */
  spanMs = 0;
  lastArrival = 0;
  sent = 0;
  sentAll = 0;
  receivedAll = 0;
  received = 0;
  eventBytes = 0;
  eventFrames = 0;
  closedEarly = 0;
  readonly errors: Record<string, number> = {};
  /** Latencies of measured messages, in ms; grown by doubling. */
  latencies = new Float64Array(1 << 16);
  readonly ramp: RampPoint[] = [];
  constructor(readonly target: LoadTarget) {}

  get mode(): Mode {
    return this.target.mode;
  }

  onFrame(client: Client, frame: Frame, bytes: number): void {
    if (frame.type === 'error') this.count(frame.error?.code ?? 'error');
    else if (frame.type === 'result' && frame.result?.ok === false) this.count(frame.result.error?.code ?? 'refused');
    if (!this.loading || frame.type !== 'event' || frame.event?.type !== 'entry-added') return;
    const entry = frame.event.entry as { kind: string; text: string; from: { id: string } };
    if (entry.kind !== 'message') return;
    const now = performance.now();
    this.eventBytes += bytes;
    this.eventFrames += 1;
    if (entry.from.id === client.plan.userId) return; // the sender's own echo
    this.receivedAll += 1;
    this.lastArrival = now;
    // Text: "<m|w> <send time in ms> …": only messages sent in a measured slice count.
    if (entry.text[0] !== 'm') return;
    const sentAt = Number(entry.text.slice(2, entry.text.indexOf(' ', 2)));
    if (this.received === this.latencies.length) {
      const grown = new Float64Array(this.latencies.length * 2);
      grown.set(this.latencies);
      this.latencies = grown;
    }
    this.latencies[this.received++] = now - sentAt;
  }

  private count(code: string): void {
    this.errors[code] = (this.errors[code] ?? 0) + 1;
  }

  report(): SystemReport {
    const sorted = this.latencies.slice(0, this.received).sort();
    const firstFrame = (role: ParticipantPlan['role']) => {
      const sizes = [...this.clients.values()].filter((c) => c.plan.role === role).map((c) => c.firstFrameBytes);
      return sizes.reduce((a, b) => a + b, 0) / Math.max(1, sizes.length);
    };
    return {
      connectMs: this.connectMs,
      setupMs: this.setupMs,
      measuredSeconds: this.measuredMs / 1000,
      sent: this.sent,
      expected: this.sent * 2,
      received: this.received,
      deliveredPerSecond: this.received / (this.spanMs / 1000),
      p50Ms: quantile(sorted, 0.5),
      p99Ms: quantile(sorted, 0.99),
      maxMs: sorted.length ? sorted[sorted.length - 1]! : NaN,
      meanFirstFrameBytes: { contact: firstFrame('contact'), agent: firstFrame('agent') },
      meanEventBytes: this.eventFrames ? this.eventBytes / this.eventFrames : NaN,
      errors: this.errors,
      closedEarly: this.closedEarly,
      ramp: this.ramp,
    };
  }
}

async function connect(fleet: Fleet, request: LoadRequest): Promise<void> {
  for (const participant of request.participants) {
    fleet.clients.set(participant.userId, new Client(participant, (client, frame, bytes) => fleet.onFrame(client, frame, bytes)));
  }
  const connectStarted = performance.now();
  const urls = fleet.target.wsUrls;
  const clients = [...fleet.clients.values()];
  const index = new Map(clients.map((client, i) => [client, i]));
  await inBatches(clients, 64, (client) => client.open(urls[index.get(client)! % urls.length]!));
  for (const client of fleet.clients.values()) client.socket.on('close', () => (fleet.loading ? (fleet.closedEarly += 1) : undefined));
  fleet.connectMs = performance.now() - connectStarted;
  const setupStarted = performance.now();
  if (fleet.mode === 'chat') await inBatches(request.sessions, 200, (plan) => setUpSession(plan, fleet.clients));
  fleet.setupMs = performance.now() - setupStarted;
  fleet.order = [...fleet.clients.values()];
  for (let i = fleet.order.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [fleet.order[i], fleet.order[j]] = [fleet.order[j]!, fleet.order[i]!];
  }
}

/**
 * Steady open-loop load on one system for `seconds`: the k-th message of the slice goes
 * out at start + k / rate, from participants taken round-robin in a shuffled order,
 * whatever the server's pace. Then waits (up to the drain time) for every delivery, so
 * no slice overlaps the next.
 */
async function slice(fleet: Fleet, request: LoadRequest, seconds: number, measured: boolean, rate = request.ratePerParticipant, counted = measured): Promise<void> {
  const perMs = (fleet.order.length * rate) / 1000;
  const filler = 'x'.repeat(request.textLength);
  const tag = measured ? 'm' : 'w';
  fleet.loading = true;
  const start = performance.now();
  const end = start + seconds * 1000;
  // Only the counted slices are the parent's CPU figures (not the ramp's).
  if (counted) {
    process.send!({ type: 'phase', phase: 'measure', system: fleet.target.name });
  }
  let k = 0;
  await new Promise<void>((resolve) => {
    const pump = () => {
      const now = performance.now();
      const due = Math.floor((Math.min(now, end) - start) * perMs);
      for (; k < due; k++) {
        const client = fleet.order[fleet.next++ % fleet.order.length]!;
        const stamp = `${tag} ${performance.now().toFixed(3)} `;
        client.fire({ type: 'send-message', sessionId: client.sessionId, text: (stamp + filler).slice(0, request.textLength), clientMessageId: `m${fleet.next}` });
      }
      if (now >= end) resolve();
      else setTimeout(pump, 1);
    };
    pump();
  });
  if (counted) process.send!({ type: 'phase', phase: 'pause', system: fleet.target.name });
  if (measured) {
    fleet.measuredMs += end - start;
    fleet.sent += k;
  }
  fleet.sentAll += k;
  const drainUntil = performance.now() + request.drainSeconds * 1000;
  while (fleet.receivedAll < fleet.sentAll * 2 && performance.now() < drainUntil) await new Promise((resolve) => setTimeout(resolve, 10));
  fleet.loading = false;
  if (measured) fleet.spanMs += Math.max(end, fleet.lastArrival) - start;
}

/**
 * Rising load, one slice per rate and system (alternating), each slice's own p99. The
 * measured figures are saved first and restored after, so the ramp does not count in them.
 */
async function ramp(fleets: Fleet[], request: LoadRequest, plan: NonNullable<LoadRequest['ramp']>): Promise<void> {
  let step = 0;
  for (let repeat = 0; repeat < plan.repeats; repeat++) {
    // Every other sweep comes down instead of going up, so no rate always follows the heaviest
    // step (whose backlog and collections the next step may still pay for).
    for (const rate of repeat % 2 === 0 ? plan.rates : [...plan.rates].reverse()) {
      for (const fleet of step++ % 2 === 0 ? fleets : [...fleets].reverse()) {
        // Warm-up at this rate (not measured), so the step starts from the steady state of its own load.
        if (plan.warmupSeconds > 0) await slice(fleet, request, plan.warmupSeconds, false, rate, false);
        const saved = { received: fleet.received, sent: fleet.sent, measuredMs: fleet.measuredMs, spanMs: fleet.spanMs };
        const loop = performance.eventLoopUtilization();
        await slice(fleet, request, plan.seconds, true, rate, false);
        const clientBusy = performance.eventLoopUtilization(loop).utilization;
        const own = fleet.latencies.slice(saved.received, fleet.received).sort();
        const span = (fleet.spanMs - saved.spanMs) / 1000;
        fleet.ramp.push({
          rate,
          repeat,
          offeredPerSecond: fleet.order.length * rate * 2,
          deliveredPerSecond: own.length / Math.max(1e-9, span),
          p99Ms: quantile(own, 0.99),
          clientBusy,
        });
        Object.assign(fleet, saved);
      }
    }
  }
}

function closeAll(fleet: Fleet): Promise<void[]> {
  return Promise.all(
    [...fleet.clients.values()].map(
      (client) =>
        new Promise<void>((resolve) => {
          if (!client.socket || client.socket.readyState === WebSocket.CLOSED) return resolve();
          client.socket.once('close', () => resolve());
          client.socket.close(1000, 'Benchmark done');
          setTimeout(() => {
            client.socket.terminate();
            resolve();
          }, 3000).unref();
        }),
    ),
  );
}

async function run(request: LoadRequest): Promise<LoadReport> {
  const fleets = request.targets.map((target) => new Fleet(target));
  try {
    for (const fleet of fleets) await connect(fleet, request);
    for (const fleet of fleets) await slice(fleet, request, request.warmupSeconds, false);
    // Measured slices alternate A B C, C B A, A B C, … so every system sees the same
    // conditions on a machine whose other load changes during the run.
    const sliceSeconds = request.seconds / request.slices;
    for (let i = 0; i < request.slices; i++) {
      for (const fleet of i % 2 === 0 ? fleets : [...fleets].reverse()) await slice(fleet, request, sliceSeconds, true);
    }
    if (request.ramp) await ramp(fleets.filter((fleet) => request.ramp!.systems.includes(fleet.target.name)), request, request.ramp);
  } finally {
    await Promise.all(fleets.map(closeAll));
  }
  return { type: 'report', systems: Object.fromEntries(fleets.map((fleet) => [fleet.target.name, fleet.report()])) };
}

process.on('message', (message: LoadRequest) => {
  if (message?.type !== 'run') return;
  run(message).then(
    (report) => process.send!(report, () => process.exit(0)),
    (error: Error) => process.send!({ type: 'failed', message: error.stack ?? error.message }, () => process.exit(1)),
  );
});
