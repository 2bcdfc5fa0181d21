import type { CommandResult, UserId } from './types.js';

/** One remembered answer: when the command ran and what it answered. */
export type RememberedCommand = [commandId: string, at: number, result: CommandResult];

/**
 * Remembers the answer to each actor's recent command ids, so a command re-sent after a
 * lost answer (a reconnect, say) is applied once. Bounded per actor by count (the oldest
 * ids go first) and by age: a re-send comes within seconds or minutes of the original, so
 * answers older than `maxAgeMs` are forgotten and steady traffic does not grow the heap.
 */
/**
 * A remembered answer, kept as one flat JSON text `[at,seq,answer]`: when the command ran,
 * `seq` (which orders every answer ever remembered; captures keep those up to theirs) and
 * the answer.
 *
 * Text is also the answer's copy (a caller may change the object it was handed). An answer
 * outlives its command by an hour; copying it with the same code that copies each event for
 * its audience (`copyData`), events that die within the turn, let V8 decide from the answers
 * to allocate every such copy in the old generation (allocation-site pretenuring), where it
 * is garbage for the major collector. One string per answer, with no record or boxed time
 * beside it, is one object for the collector to keep and mark instead of five (see `flat`).
 */
type Kept = string;

/**
 * `text`, made one flat string. V8's `JSON.stringify` returns a text over 32 characters as a
 * rope (a first part and the rest, three objects); kept for an hour, the rope is what the
 * collector copies and marks. Converting to a number flattens it in place, and the next
 * collection keeps only the flat string.
 */
function flat(text: string): string {
  void Number(text);
  return text;
}

function keep(at: number, seq: number, result: CommandResult): Kept {
  return flat(JSON.stringify([at, seq, result]));
}

/** The time, `seq` and answer a kept text holds, the answer a new copy. */
function parse(kept: Kept): [at: number, seq: number, result: CommandResult] {
  return JSON.parse(kept) as [number, number, CommandResult];
}

/** When the answer was remembered (the number before the first comma: times and `seq` are integers). */
function atOf(kept: Kept): number {
  return Number(kept.slice(1, kept.indexOf(',')));
}

function seqOf(kept: Kept): number {
  const comma = kept.indexOf(',');
  return Number(kept.slice(comma + 1, kept.indexOf(',', comma + 1)));
}

/** The answer's JSON text. */
function answerOf(kept: Kept): string {
  return kept.slice(kept.indexOf(',', kept.indexOf(',') + 1) + 1, -1);
}

/**
 * The remembered answers at one instant (`CommandLog.capture`), read later while the log goes
 * on: answers remembered since are left out by their sequence number, and those dropped since
 * are kept aside for it until it is released. Taking one costs a list of the actors.
 */
export interface CommandLogCapture {
  readonly actors: readonly UserId[];
  /** The JSON text of what `entries()` held for `actor` at the capture. */
  json(actor: UserId): string;
  release(): void;
}

interface OpenCapture {
  seq: number;
  dropped: Map<UserId, [string, Kept][]>;
}

export class CommandLog {
  private readonly byActor = new Map<UserId, Map<string, Kept>>();
  private prunedAt = -Infinity;
  private seq = 0;
  private readonly captures = new Set<OpenCapture>();
  constructor(
    private readonly limit = 1000,
    private readonly maxAgeMs = Infinity,
  ) {}

  get(actor: UserId, commandId: string, now: number): CommandResult | undefined {
    const kept = this.byActor.get(actor)?.get(commandId);
    if (kept === undefined) return undefined;
    // Parsed afresh for each re-send: every caller gets a copy of its own.
    const [at, , result] = parse(kept);
    return now - at <= this.maxAgeMs ? result : undefined;
  }

  remember(actor: UserId, commandId: string, result: CommandResult, now: number): void {
    let log = this.byActor.get(actor);
    if (!log) this.byActor.set(actor, (log = new Map()));
    if (log.has(commandId)) this.drop(actor, log, commandId);
    log.set(commandId, keep(now, ++this.seq, result));
    if (log.size > this.limit) this.drop(actor, log, log.keys().next().value as string);
    this.expire(actor, log, now);
    this.prune(now);
  }

  /** Forgets `actor`'s answers older than `maxAgeMs`: entries are in time order, so those at the front. */
  private expire(actor: UserId, log: Map<string, Kept>, now: number): void {
    for (const [id, kept] of log) {
      if (now - atOf(kept) <= this.maxAgeMs) break;
      this.drop(actor, log, id);
    }
  }

  /** Forgets one answer; a capture open since before it was remembered keeps it. */
  private drop(actor: UserId, log: Map<string, Kept>, id: string): void {
    const kept = log.get(id);
    if (kept !== undefined && this.captures.size > 0) {
      const seq = seqOf(kept);
      for (const capture of this.captures) {
        if (seq > capture.seq) continue;
        let list = capture.dropped.get(actor);
        if (!list) capture.dropped.set(actor, (list = []));
        list.push([id, kept]);
      }
    }
    log.delete(id);
  }

  /** The answers remembered now, to be read later (see `CommandLogCapture`); release it once read. */
  capture(): CommandLogCapture {
    const open: OpenCapture = { seq: this.seq, dropped: new Map() };
    this.captures.add(open);
    const actors = [...this.byActor.keys()];
    return {
      actors,
      json: (actor) => {
        const kept: [string, Kept][] = [];
        for (const entry of this.byActor.get(actor) ?? []) if (seqOf(entry[1]) <= open.seq) kept.push(entry);
        const dropped = open.dropped.get(actor);
        // In the order they were remembered, which is the order the log held them in.
        if (dropped) kept.push(...dropped), kept.sort((a, b) => seqOf(a[1]) - seqOf(b[1]));
        // Each answer is JSON already: the list is joined around it, not parsed and encoded again.
        return `[${kept.map(([id, kept]) => `[${JSON.stringify(id)},${atOf(kept)},${answerOf(kept)}]`).join(',')}]`;
      },
      release: () => {
        this.captures.delete(open);
      },
    };
  }

  /** Drops every actor's expired answers (an actor who went quiet keeps none for long). */
  private prune(now: number): void {
    if (now - this.prunedAt < this.maxAgeMs / 4) return;
    this.prunedAt = now;
    for (const [actor, log] of this.byActor) {
      this.expire(actor, log, now);
      if (log.size === 0) this.byActor.delete(actor);
    }
  }
  /** Every remembered answer, per actor in age order (for engine snapshots), each a new copy. */
  entries(): [UserId, RememberedCommand[]][] {
    return [...this.byActor].map(([actor, log]) => [
      actor,
      [...log].map(([id, kept]) => {
        const [at, , result] = parse(kept);
        return [id, at, result];
      }),
    ]);
  }

  restore(entries: [UserId, RememberedCommand[]][]): void {
    this.byActor.clear();
    for (const [actor, list] of entries) {
      this.byActor.set(actor, new Map(list.map(([id, at, result]) => [id, keep(at, ++this.seq, result)])));
    }
  }
}
