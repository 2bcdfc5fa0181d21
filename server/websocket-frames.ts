/**
 * Unmasked WebSocket text frames (RFC 6455, section 5.2), several laid end to end in one
 * buffer: what a server sends, byte for byte what `ws` would have sent for each text.
 *
 * The server writes a socket's frames of one event-loop turn (the events of several
 * commands, a result) with one write of one buffer. Sending each through `ws` cost a header
 * buffer, two stream writes and a cork per frame, and a write list rebuilt at uncork: more
 * JavaScript per message than the bare relay spends on everything else.
 */
export function textFrames(texts: readonly string[]): Buffer {
  const lengths: number[] = new Array(texts.length);
  let total = 0;
  for (let i = 0; i < texts.length; i++) {
    const length = Buffer.byteLength(texts[i]!, 'utf8');
    lengths[i] = length;
    total += headerBytes(length) + length;
  }
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (let i = 0; i < texts.length; i++) {
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
    at += out.write(texts[i]!, at, length, 'utf8');
  }
  return out;
}

function headerBytes(length: number): number {
  return length < 126 ? 2 : length < 65_536 ? 4 : 10;
}
