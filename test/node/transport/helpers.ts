import type { ChatEvent } from '../../../src/engine/types.js';
import type { ConnectionState, StreamEvent, Transport } from '../../../src/transport/types.js';

/** Records everything a transport emits, subscribed before connecting (events$ is hot). */
export function record(transport: Transport) {
  const events: StreamEvent[] = [];
  const states: ConnectionState['status'][] = [];
  const subs = [
    transport.events$.subscribe((event) => events.push(event)),
    transport.connection$.subscribe((state) => states.push(state.status)),
  ];
  return {
    events,
    states,
    types: () => events.map((e) => e.event.type),
    messages: (from = 0) =>
      events
        .slice(from)
        .map((e) => e.event)
        .filter((e): e is Extract<ChatEvent, { type: 'entry-added' }> => e.type === 'entry-added' && e.entry.kind === 'message')
        .map((e) => e.entry.text),
    find: <T extends ChatEvent['type']>(type: T, where: (e: Extract<ChatEvent, { type: T }>) => boolean = () => true) =>
      events.map((e) => e.event).find((e): e is Extract<ChatEvent, { type: T }> => e.type === type && where(e as never)),
    stop: () => subs.forEach((s) => s.unsubscribe()),
  };
}

/** Positions must be contiguous after each snapshot. */
export function assertContiguous(events: StreamEvent[]): string | undefined {
  let last: number | undefined;
  for (const { event, position } of events) {
    if (event.type !== 'snapshot' && last !== undefined && position !== last + 1) return `position ${position} after ${last}`;
    last = position;
  }
  return undefined;
}
