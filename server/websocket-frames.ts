/**
 * Unmasked WebSocket text frames (RFC 6455, section 5.2), several laid end to end in one
 * buffer: what a server sends, byte for byte what `ws` would have sent for each text.
 *
 * The server writes a socket's frames of one event-loop turn (the events of several
 * commands, a result) with one write of one buffer. Sending each through `ws` cost a header
 * buffer, two stream writes and a cork per frame, and a write list rebuilt at uncork: more
 * JavaScript per message than the bare relay spends on everything else.
 */

/**
 * An event frame in parts: `{"type":"event","epoch":…,"position":` (`head`, the same for
 * every frame of an epoch), the position, `,"event":`, the event's JSON (`body`, encoded to
 * UTF-8 once for everyone who receives it) and `}`. Copying the parts into the frame buffer
 * spares, per recipient, building the frame's text and encoding the event's JSON again.
 */
export interface EventFrame {
  head: Buffer;
  position: number;
  body: Buffer;
}

/** The frame of an event the hub encoded (`body`, its JSON) for one recipient at `position`. */
export function encodedEventFrame(epoch: string, position: number, body: string): EventFrame {
  return { head: eventHead(epoch), position, body: bodyBytes(body) };
}

/** `{"type":"event","epoch":…,"position":` as bytes, kept for the one epoch a server is in. */
let head = { epoch: '', bytes: Buffer.from('{"type":"event","epoch":"","position":') };

function eventHead(epoch: string): Buffer {
  if (head.epoch !== epoch) head = { epoch, bytes: Buffer.from(`{"type":"event","epoch":${JSON.stringify(epoch)},"position":`) };
  return head.bytes;
}

/**
 * The UTF-8 bytes of an event's JSON, kept for the event last asked for: the hub hands one
 * event to its whole audience one recipient after another, with the same text each time.
 */
let body = { text: '', bytes: Buffer.alloc(0) };

function bodyBytes(text: string): Buffer {
  if (body.text !== text) body = { text, bytes: Buffer.from(text, 'utf8') };
  return body.bytes;
}

const EVENT_KEY = Buffer.from(',"event":', 'latin1');
const CLOSE_BRACE = 0x7d;

/** The UTF-8 bytes of `frame` (what `textFrames` writes for it, without the header). */
function frameBytes(frame: string | EventFrame): number {
  if (typeof frame === 'string') return Buffer.byteLength(frame, 'utf8');
  return frame.head.length + digits(frame.position) + EVENT_KEY.length + frame.body.length + 1;
}

export function textFrames(frames: readonly (string | EventFrame)[]): Buffer {
  const lengths: number[] = new Array(frames.length);
  let total = 0;
  for (let i = 0; i < frames.length; i++) {
    const length = frameBytes(frames[i]!);
    lengths[i] = length;
    total += headerBytes(length) + length;
  }
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (let i = 0; i < frames.length; i++) {
    const length = lengths[i]!;
    out[at++] = 0x81; // FIN, text
    if (length < 126) {
      out[at++] = length;
    } else if (length < 65_536) {
      out[at++] = 126;
      out.writeUInt16BE(length, at);
      at += 2;
    } else {
      out[at++] = 127;
      out.writeUInt32BE(Math.floor(length / 2 ** 32), at);
      out.writeUInt32BE(length >>> 0, at + 4);
      at += 8;
    }
    const frame = frames[i]!;
    if (typeof frame === 'string') {
      at += out.write(frame, at, length, 'utf8');
      continue;
    }
    at += frame.head.copy(out, at);
    at += out.write(String(frame.position), at, 'latin1');
    at += EVENT_KEY.copy(out, at);
    at += frame.body.copy(out, at);
    out[at++] = CLOSE_BRACE;
  }
  return out;
}

/** The text of an event frame (for a socket written through `ws`, and tests). */
export function eventFrameText(frame: EventFrame): string {
  return `${frame.head.toString('utf8')}${frame.position}${EVENT_KEY.toString('latin1')}${frame.body.toString('utf8')}}`;
}

function digits(position: number): number {
  // Positions are non-negative integers.
  let count = 1;
  while (position >= 10) {
    position = Math.floor(position / 10);
    count++;
  }
  return count;
}

function headerBytes(length: number): number {
  return length < 126 ? 2 : length < 65_536 ? 4 : 10;
}
