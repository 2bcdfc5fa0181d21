/**
 * Splits message text into plain-text and link segments. Message text is never HTML: the
 * result is data the template binds as text and as an `href` property, so nothing here
 * builds markup. Only http, https, mailto and tel become links; every other scheme
 * (javascript:, data:, vbscript:, file:, …) stays text.
 */

export type TextSegment = { text: string };
export type LinkSegment = { text: string; href: string; /** Web links open in a new tab; mailto/tel hand over to an app. */ external: boolean };
export type Segment = TextSegment | LinkSegment;

export const LINK_SCHEMES: readonly string[] = ['http:', 'https:', 'mailto:', 'tel:'];

// A candidate starts at a word boundary with an allowed scheme or "www." and runs to the
// next space or character that cannot end a pasted address. Not right after ":" "/" "." "@"
// "-" "+" "=", so an allowed address nested in another scheme ("blob:https://…",
// "javascript:…//https://…") stays text. Linear: no nested quantifiers.
const CANDIDATE = /(?<![:/.@\-+=])\b(?:https?:\/\/|mailto:|tel:|www\.)[^\s<>"'`]+/giu;

const TRAILING = /[.,;:!?…'"»)\]}>]$/u;
const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
const TEL_BODY = /^\+?[0-9][0-9().\-]*$/u;
// Deliberately simple: one "@", something on each side, a dot-free local part allowed.
const MAILTO_BODY = /^[^@\s/?#]+@[^@\s/?#]+\.[^@\s/?#]+(?:\?.*)?$/u;

function count(text: string, ch: string): number {
  let n = 0;
  for (const c of text) if (c === ch) n++;
  return n;
}

/** Drops sentence punctuation the writer put after an address, keeping balanced brackets ("(see https://x.org/a_(b))"). */
function trimTrailing(candidate: string): string {
  let end = candidate;
  while (end.length > 0 && TRAILING.test(end)) {
    const last = end[end.length - 1]!;
    const opener = CLOSERS[last];
    if (opener && count(end, opener) >= count(end, last)) break;
    end = end.slice(0, -1);
  }
  return end;
}

/** The href for a candidate, or undefined when it is not a link we allow. */
export function safeHref(candidate: string): string | undefined {
  const raw = /^www\./iu.test(candidate) ? `https://${candidate}` : candidate;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  const scheme = url.protocol.toLowerCase();
  if (!LINK_SCHEMES.includes(scheme)) return undefined;
  if (scheme === 'http:' || scheme === 'https:') {
    // A web link needs a host with at least one letter or digit ("http://." is not an address).
    if (!/[\p{L}\p{N}]/u.test(url.hostname)) return undefined;
    if (url.username || url.password) return undefined; // "https://bank.com@evil.example" misleads the reader
    return url.href;
  }
  const body = raw.slice(raw.indexOf(':') + 1);
  if (scheme === 'tel:') return TEL_BODY.test(body) ? `tel:${body}` : undefined;
  return MAILTO_BODY.test(body) ? `mailto:${body}` : undefined;
}

/** Text and link segments, in order; joining every segment's `text` gives back the input. */
export function linkify(text: string): Segment[] {
  const segments: Segment[] = [];
  let plain = '';
  let cursor = 0;
  CANDIDATE.lastIndex = 0;
  for (let match = CANDIDATE.exec(text); match; match = CANDIDATE.exec(text)) {
    const candidate = trimTrailing(match[0]);
    const href = candidate ? safeHref(candidate) : undefined;
    if (!href) continue;
    plain += text.slice(cursor, match.index);
    if (plain) segments.push({ text: plain });
    plain = '';
    const scheme = href.slice(0, href.indexOf(':') + 1);
    segments.push({ text: candidate, href, external: scheme === 'http:' || scheme === 'https:' });
    cursor = match.index + candidate.length;
    CANDIDATE.lastIndex = cursor;
  }
  plain += text.slice(cursor);
  if (plain) segments.push({ text: plain });
  return segments;
}

export function isLink(segment: Segment): segment is LinkSegment {
  return 'href' in segment;
}
