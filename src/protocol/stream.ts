import type { ChatEvent } from '../engine/types.js';

/**
 * Where a client is in its event stream. `epoch` names the stream: when a server cannot
 * resume a stream (its log was reset), it starts a new epoch and the client must take a
 * fresh snapshot instead of silently missing events.
 */
export interface StreamPosition {
  epoch: string;
  position: number;
}

/**
 * One event of a user's ordered stream. `position` increases by exactly one per event
 * within an epoch. A `snapshot` event carries the position it is current as of: the
 * events that follow it start at `position + 1`.
 */
export interface StreamEvent extends StreamPosition {
  event: ChatEvent;
}
