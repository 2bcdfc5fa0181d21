// Compaction of the chat hub's journal: a new segment now, the snapshot of this point written
// in the background, then the segments it holds retired. The hub (chat-hub.ts) owns the
// journal's segments and the engine host; a compaction reaches them only through
// CompactionTarget, and the hub drives it through Compactor.
import { rmSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { StateCapture } from '../src/engine/snapshot.js';
import type { EngineHost } from '../src/host/engine-host.js';
import type { Logger } from './logger.js';
import { followingSegmentPath, Journal, syncDirectoryInBackground, writeFileInBackground, type BackgroundFs, type JournalEntry, type JournalFs, type JournalHeader } from './persistence.js';
import { snapshotFilePieces, SnapshotCancelled, syncDirectory, writeSnapshotFile, writeSnapshotInSlices, type SnapshotFile } from './snapshot-file.js';

/** Where a snapshot being written in the background is, until it is renamed into place. */
export const SNAPSHOT_TEMPORARY = 'snapshot.json.writing';

/** The snapshot file's head: all its fields but the engine state. */
export type SnapshotHead = Omit<SnapshotFile, 'engine'>;

/** Which epoch and segment a snapshot holds up to (its segment continues after them). */
export interface SegmentMark {
  epoch: string;
  segment: number;
}

/** What a compaction needs of the hub: its files, its engine host and its journal's segments. */
export interface CompactionTarget {
  readonly dataDir: string;
  readonly snapPath: string;
  readonly files: JournalFs;
  readonly background: BackgroundFs;
  readonly logger: Logger;
  readonly host: Pick<EngineHost, 'flush' | 'busy' | 'engine' | 'engineTime' | 'resetCount'>;
  /** Whether the hub was closed: nothing is appended any more. */
  closed(): boolean;
  /** Whether a snapshot was written but its new segment could not be started: nothing may be appended to the old one. */
  segmentPending(): boolean;
  /** The segment appended to now (undefined: none, e.g. after a failed reload). */
  journal(): Journal | undefined;
  /** The epoch and segment appended to now. */
  mark(): SegmentMark;
  /** The journal header of the segment appended to now. */
  header(): JournalHeader;
  /** The entry that opens a segment, for now. */
  opening(): JournalEntry;
  /** The snapshot file's head for the state now. */
  snapshotHead(replaces?: SegmentMark): SnapshotHead;
  /** Bytes of the snapshot the current segment continues. */
  snapshotBytes(): number;
  /** A new snapshot of `bytes` is on disk (the current segment continues it). */
  snapshotWritten(bytes: number): void;
  /** Appends go to `fresh` (the file `segmentFile`, the next segment) from now on; returns the journal it replaces. */
  continueIn(fresh: Journal, segmentFile: string): Journal;
  /** After the snapshot that `current` continues is on disk: the older segments go, `current` becomes journal.jsonl. */
  retireOldSegments(current: string): void;
  /** Snapshot (written here and now), then a new segment, which continues from it. */
  writeSnapshotAndSegment(replaces: SegmentMark | undefined): void;
}

/** One hub's compactions, one at a time. */
export interface Compactor {
  /** Starts a compaction (or answers the one under way); resolves once it is over, never rejects. */
  compact(): Promise<void>;
  /** Whether a compaction is under way. */
  readonly underWay: boolean;
  /** Resolves once the compaction under way, if any, is over (at once when none is). */
  whenCompacted(): Promise<void>;
  /** A reload takes over: what the background work would still do is left undone (start-up handles what is on disk). */
  giveUp(): void;
  /**
   * At shutdown: the compaction under way is finished here and now, so the next start-up
   * loads its snapshot. Before appends moved to its new segment, that is a whole compaction
   * done at once (snapshot, then a new journal.jsonl); after, the captured state is written.
   */
  finishAtClose(): void;
}

/** The snapshot file's JSON text, made at once (start-up and shutdown only: it holds the event loop). */
export function snapshotText(head: SnapshotHead, capture: StateCapture): string {
  return [...snapshotFilePieces(head, capture.pieces())].join('');
}

interface Compaction {
  done: Promise<void>;
  /** A reload or shutdown took over: the background work stops at its next step. */
  cancelled: boolean;
  /** The next segment's file, once renamed into place and before appends go to it. */
  prepared?: string;
  /** Once appends go to the new segment: what the snapshot holds. */
  snapshot?: { head: SnapshotHead; capture: StateCapture; segmentPath: string };
  /** The new snapshot was renamed into place; then the older segments were retired. */
  inPlace?: boolean;
  retired?: boolean;
  /** The background work has stopped (a given-up run may still be finishing a file call). */
  finished?: boolean;
}

export function createCompactor(hub: CompactionTarget): Compactor {
  const { dataDir, snapPath, files, background, logger, host } = hub;
  /** The compaction under way (one at a time). */
  let compaction: Compaction | undefined;
  /** A run given up by a reload: the next one waits until its file calls are over. */
  let givenUp: Compaction | undefined;

  function compact(): Promise<void> {
    if (compaction) return compaction.done;
    if (!hub.journal() || hub.closed() || hub.segmentPending()) return Promise.resolve();
    // Its temporary files have the same names: let it remove them first.
    if (givenUp && !givenUp.finished) return givenUp.done.then(() => (hub.closed() ? undefined : compact()));
    const run: Compaction = { done: Promise.resolve(), cancelled: false };
    compaction = run;
    run.done = compactInBackground(run).finally(() => {
      run.finished = true;
      if (compaction === run) compaction = undefined;
    });
    return run.done;
  }

  async function compactInBackground(run: Compaction): Promise<void> {
    const started = performance.now();
    /** Time the event loop spent on this compaction, and its longest single stretch. */
    const held = { ms: 0, longestMs: 0 };
    const holding = <T>(work: () => T): T => {
      const at = performance.now();
      try {
        return work();
      } finally {
        const ms = performance.now() - at;
        held.ms += ms;
        held.longestMs = Math.max(held.longestMs, ms);
      }
    };
    const next = hub.mark().segment + 1;
    const segmentFile = followingSegmentPath(dataDir, next);
    try {
      // 1. The next segment, written aside and flushed, then renamed into place: until
      //    appends go to it, it holds no input, so a crash now replays it as nothing.
      const temporary = `${segmentFile}.tmp`;
      rmSync(temporary, { force: true });
      const nextHeader: JournalHeader = { ...hub.header(), segment: next };
      const bytes = await writeFileInBackground(background, temporary, `${JSON.stringify(nextHeader)}\n${JSON.stringify(hub.opening())}\n`);
      if (run.cancelled) return rmSync(temporary, { force: true });
      renameSync(temporary, segmentFile);
      run.prepared = segmentFile;
      await syncDirectoryInBackground(background, dataDir);
      // 2. Between two turns with nothing waiting for the disk, appends move to the new
      //    segment and the state of this instant is captured (the only pause that grows with
      //    the state: sessions and invitations copied one level deep, transcripts by length).
      while (!run.cancelled && !switchSegment(run, segmentFile, bytes, holding)) await new Promise<void>((resolve) => setImmediate(resolve));
      if (run.cancelled) return;
      // 3. The snapshot, serialised in slices and written off the event loop, then renamed into place.
      const { head, capture } = run.snapshot!;
      const temporarySnapshot = join(dataDir, SNAPSHOT_TEMPORARY);
      const written = await writeSnapshotInSlices(background, temporarySnapshot, snapshotFilePieces(head, capture.pieces()), () => run.cancelled);
      held.ms += written.busyMs;
      held.longestMs = Math.max(held.longestMs, written.longestMs);
      if (run.cancelled) throw new SnapshotCancelled();
      renameSync(temporarySnapshot, snapPath);
      run.inPlace = true;
      hub.snapshotWritten(written.bytes);
      await syncDirectoryInBackground(background, dataDir);
      if (run.cancelled) return;
      // 4. The snapshot is on disk: the segments it holds go, the new one becomes journal.jsonl.
      hub.retireOldSegments(segmentFile);
      run.retired = true;
      await syncDirectoryInBackground(background, dataDir);
      logger({
        level: 'info',
        event: 'compacted',
        epoch: head.epoch,
        segment: head.segment,
        bytes: written.bytes,
        sessions: capture.sessions,
        ms: Math.round(performance.now() - started),
        // What the event loop spent on it: the capture and the slices of serialising.
        heldMs: Math.round(held.ms * 10) / 10,
        longestHoldMs: Math.round(held.longestMs * 100) / 100,
        slices: written.slices,
      });
    } catch (error) {
      if (run.cancelled || error instanceof SnapshotCancelled) return;
      if (run.prepared && !run.snapshot) rmSync(run.prepared, { force: true });
      logger({
        level: 'error',
        event: 'compaction-failed',
        message: (error as Error).message,
        action: run.snapshot ? 'the journal goes on in the new segment; start-up replays the segments since the last snapshot' : 'the journal goes on',
      });
      // Try again after as many entries again, not on every flush.
      host.resetCount();
    } finally {
      // A shutdown that finished it has written it already (close() runs before this).
      run.snapshot?.capture.release();
    }
  }

  /**
   * Moves appends to the prepared segment and captures the state, if nothing waits for the
   * disk now (a durable batch is answered only once the segment that holds it is flushed).
   */
  function switchSegment(run: Compaction, segmentFile: string, bytes: number, holding: <T>(work: () => T) => T): boolean {
    if (hub.closed() || !hub.journal()) {
      run.cancelled = true;
      return true;
    }
    host.flush();
    // A failed flush reloads from disk, which gives this compaction up.
    if (run.cancelled) return true;
    if (host.busy || hub.segmentPending()) return false;
    return holding(() => {
      const replaces = hub.mark();
      const old = hub.continueIn(Journal.reopen(segmentFile, bytes, files), segmentFile);
      run.snapshot = { head: hub.snapshotHead(replaces), capture: host.engine.captureState(), segmentPath: segmentFile };
      // Flushed (when not durable, its tail may not be yet) and closed off the event loop.
      old.closeInBackground(background).catch((error: Error) => logger({ level: 'error', event: 'journal-sync-failed', message: error.message }));
      return true;
    });
  }

  function giveUp(): void {
    const run = compaction;
    if (!run) return;
    run.cancelled = true;
    compaction = undefined;
    givenUp = run;
    // Prepared and never appended to: nothing of it is needed.
    if (run.prepared && !run.snapshot) rmSync(run.prepared, { force: true });
  }

  function finishAtClose(): void {
    const run = compaction;
    if (!run) return;
    giveUp();
    const started = performance.now();
    try {
      if (!run.snapshot) {
        const journal = hub.journal();
        if (!journal || hub.segmentPending()) return;
        journal.sync();
        hub.writeSnapshotAndSegment(hub.mark());
        logger({ level: 'info', event: 'compacted', ...hub.mark(), bytes: hub.snapshotBytes(), atClose: true, ms: Math.round(performance.now() - started) });
        return;
      }
      const { head, capture, segmentPath } = run.snapshot;
      if (!run.inPlace) hub.snapshotWritten(writeSnapshotFile(snapPath, snapshotText(head, capture)));
      if (!run.retired) hub.retireOldSegments(segmentPath);
      syncDirectory(dataDir);
      logger({ level: 'info', event: 'compacted', epoch: head.epoch, segment: head.segment, bytes: hub.snapshotBytes(), atClose: true, ms: Math.round(performance.now() - started) });
    } catch (error) {
      logger({ level: 'error', event: 'compaction-failed', message: (error as Error).message, action: 'start-up replays the segments since the last snapshot' });
    }
  }

  return {
    compact,
    get underWay() {
      return compaction !== undefined;
    },
    whenCompacted: () => compaction?.done ?? Promise.resolve(),
    giveUp,
    finishAtClose,
  };
}
