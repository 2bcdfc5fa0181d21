import type { UserId } from '../engine/types.js';
import type { Transport } from '../transport/types.js';

/** Optional features a backend may lack; scenarios needing one run only when it is listed. */
export type ConformanceCapability = 'queues' | 'routing-points' | 'consultation' | 'time-out' | 'resume';

export const CONFORMANCE_CAPABILITIES: readonly ConformanceCapability[] = [
  'queues',
  'routing-points',
  'consultation',
  'time-out',
  'resume',
];

/** What a scenario is told when it asks for a fresh backend. */
export interface ConformanceContext {
  /** The scenario's name, for the vendor's logs. */
  scenario: string;
}

/** A fresh backend for one scenario, as the vendor's factory returns it. */
export interface ConformanceHarness {
  /** A new, not yet connected transport; the suite connects it as `userId`. */
  transportFor(userId: UserId): Promise<Transport> | Transport;
  /** Moves the backend's clock on (needed for `time-out` unless the suite may wait in real time). */
  advance?(ms: number): Promise<void>;
  /** Releases the backend (stops servers, closes sockets). */
  cleanup(): Promise<void>;
}

/** mocha / node:test / vitest / jasmine style registration functions. */
export type DescribeFn = (name: string, body: () => void) => unknown;
export type ItFn = (name: string, body: () => Promise<void>) => unknown;

export interface ConformanceOptions {
  /** Names the suite (the `describe` block). */
  name: string;
  /**
   * Makes a fresh backend for each scenario. It must know the seeded users: agents `kate`
   * and `jim` (both Ready on chat, free chat capacity), contact `avril`, queue `q-support`
   * routing to kate first, then jim; with `routing-points`, routing point `rp-support` too.
   */
  createTransport(ctx: ConformanceContext): Promise<ConformanceHarness>;
  capabilities: ConformanceCapability[];
  /** With both, one test is registered per scenario; without, `runConformance` runs them itself. */
  describe?: DescribeFn;
  it?: ItFn;
  /** How long to wait for each expected event before failing (default 2000 ms). */
  timeoutMs?: number;
  /** The routing point the `routing-points` scenario invites (default `rp-support`). */
  routingPointId?: string;
  /** The queue the contact's chat and the `queues` scenario go through (default `q-support`). */
  queueId?: string;
}

export interface ConformanceResult {
  name: string;
  ok: boolean;
  error?: string;
}

export interface ConformanceReport {
  passed: number;
  failed: number;
  /** Scenarios not run because a capability they need was not listed. */
  skipped: string[];
  results: ConformanceResult[];
}

/**
 * The largest frame, in bytes of UTF-8 JSON, that a transport must carry whole in each
 * direction: the reference server refuses larger ones. A message of the longest allowed text
 * fits in it; a vendor's transport must not split or refuse frames up to this size.
 */
export const MAX_FRAME_BYTES = 65_536;
