import type {
  Command,
  Delivery,
  DirectoryEntry,
  EngineConfig,
  ExecuteResult,
  InternalTarget,
  UserId,
  UserSnapshot,
} from './types.js';
import type { EngineSnapshot, StateCapture } from './snapshot.js';

export interface EngineOptions {
  /** Current time in ms. Injected so the engine is deterministic (virtual time in tests). */
  clock: () => number;
  /** Source of fresh ids. Injected for determinism; must never repeat. */
  ids: () => string;
  /** Agents (with their initial presence), queues, routing points and contacts. */
  directory: DirectoryEntry[];
  config?: Partial<EngineConfig>;
  /** Start from this state (from `exportState` of an engine on the same directory) instead of the directory's. */
  restore?: EngineSnapshot;
  /**
   * How many command ids per actor are remembered for idempotent re-sends (default 1,000)
   * and for how long (default one hour of engine time).
   */
  commandIds?: { limit?: number; maxAgeMs?: number };
}

/**
 * The contact-center chat rules as a pure state machine. It never throws for bad input
 * and never performs I/O: each call returns the deliveries to hand to users.
 */
export interface ChatEngine {
  /**
   * Applies `command` on behalf of `actor`. Due time-outs are processed first (as by
   * `tick`), so a command arriving at or after a deadline sees the timed-out state.
   * A rejected command returns `{ ok: false, error, deliveries }` where `deliveries` holds
   * only what the time-outs produced, and changes nothing else.
   * A command whose `commandId` this actor already used returns the first result again
   * with no new deliveries.
   */
  execute(actor: UserId, command: Command): ExecuteResult;
  /** Processes every deadline at or before `clock()` (invitation and after-call-work timers). */
  tick(): Delivery[];
  /** The earliest pending deadline, so a host knows when to call `tick`; undefined when none. */
  nextDeadline(): number | undefined;
  /** Everything `userId` may see now, as a `snapshot` event body. */
  snapshot(userId: UserId): UserSnapshot;
  /** The position of the last delivery made to `userId` (0 when none). */
  position(userId: UserId): number;
  /** Whether `userId` is known to the directory. */
  hasUser(userId: UserId): boolean;
  /**
   * Every internal target (agents, queues, routing points) with agents' current presence,
   * fresh copies in directory order. Names and numbers never change; presence does.
   */
  directory(): InternalTarget[];
  /** One internal target with its current presence (a fresh copy); undefined for an unknown id or a contact. */
  target(id: string): InternalTarget | undefined;
  readonly config: EngineConfig;
  /** The whole state as plain data, for a host to save and later pass as `restore`. */
  exportState(): EngineSnapshot;
  /** `exportState()` as JSON text, without the copy: what a host writes to disk. */
  exportStateJson(): string;
  /**
   * The state at this instant, captured cheaply (transcripts by length, small mutable parts
   * copied) and serialisable later in small pieces while the engine goes on: a host writes
   * a snapshot without stopping for the whole of it.
   */
  captureState(): StateCapture;
  /** How many sessions the engine holds (finished ones are forgotten). */
  sessionCount(): number;
}
