import type { StreamEvent, StreamPosition } from '../types.js';

/**
 * What to do with an event that arrives, given the last position handed to subscribers:
 * - `deliver`: it is the next one (or a snapshot, which starts the stream over);
 * - `duplicate`: already delivered (a replay overlapping what we had), drop it;
 * - `gap`: events are missing before it; never pass it on, resume from `last` instead;
 * - `new-stream`: another epoch, or no snapshot to build on; only a fresh snapshot helps.
 */
export type StreamVerdict = 'deliver' | 'duplicate' | 'gap' | 'new-stream';

export function judgeEvent(last: StreamPosition | undefined, incoming: StreamEvent): StreamVerdict {
  if (incoming.event.type === 'snapshot') return 'deliver';
  if (!last || incoming.epoch !== last.epoch) return 'new-stream';
  if (incoming.position <= last.position) return 'duplicate';
  if (incoming.position > last.position + 1) return 'gap';
  return 'deliver';
}
