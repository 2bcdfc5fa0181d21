/**
 * The end of an event-loop turn, shared by the hub and the connections: the hub answers the
 * commands of a turn there (after one journal write), and the connections send the frames
 * of the turn there, in one write per socket. Sends asked for while the turn's work runs
 * (the answers the journal write released) go out in the same pass, not a loop iteration
 * later (a `setImmediate` scheduled from a `setImmediate` callback waits for the next one,
 * after the next poll for I/O, which would add that wait to every answer).
 */
let work: (() => void)[] = [];
let sends: (() => void)[] = [];
let scheduled = false;
let running = false;

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(endTurn);
}

/** Runs `callback` at the end of this turn (of the next one, when asked during this one's end). */
export function atTurnEnd(callback: () => void): void {
  work.push(callback);
  schedule();
}

/** Runs `callback` at the end of this turn, after the work asked for by `atTurnEnd` (the same pass, when asked during it). */
export function sendAtTurnEnd(callback: () => void): void {
  sends.push(callback);
  if (!running) schedule();
}

function endTurn(): void {
  scheduled = false;
  running = true;
  const now = work;
  work = [];
  let i = 0;
  let j = 0;
  try {
    for (; i < now.length; i++) now[i]!();
  } finally {
    try {
      // Sends added while these run are run too.
      for (; j < sends.length; j++) sends[j]!();
    } finally {
      // After a throw, what was not run yet runs at the next turn's end.
      work = [...now.slice(i + 1), ...work];
      sends = sends.slice(j + 1);
      running = false;
      if (work.length > 0 || sends.length > 0) schedule();
    }
  }
}
