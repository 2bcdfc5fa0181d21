import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Role, UserId } from '../src/engine/types.js';

/**
 * Signed tokens: `base64url(JSON payload).base64url(HMAC-SHA256(secret, first part))`.
 * Stateless, so a restarted server accepts the tokens it issued before (same secret).
 */
export interface TokenClaims {
  /** The directory user the token signs in as. */
  sub: UserId;
  role: Role;
  /** Expiry, in seconds since the Unix epoch. */
  exp: number;
}

export type TokenCheck =
  | { ok: true; claims: TokenClaims }
  | { ok: false; reason: 'missing' | 'malformed' | 'bad-signature' | 'expired' };

/** Longest token accepted; anything longer is malformed (protects the HMAC and JSON work). */
const MAX_TOKEN_LENGTH = 4096;

export function createToken(
  secret: string,
  options: { userId: UserId; role: Role; ttlSeconds: number; now?: number },
): string {
  if (!secret) throw new TypeError('createToken needs a non-empty secret.');
  if (!(options.ttlSeconds > 0)) throw new RangeError('ttlSeconds must be positive.');
  const nowSeconds = Math.floor((options.now ?? Date.now()) / 1000);
  const claims: TokenClaims = { sub: options.userId, role: options.role, exp: nowSeconds + Math.floor(options.ttlSeconds) };
  const payload = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
  return `${payload}.${sign(secret, payload).toString('base64url')}`;
}

/**
 * Checks a token's signature (timing-safe) and expiry at `now` (ms). Never throws: any
 * input that is not a well-formed, correctly signed, unexpired token is refused with a reason.
 */
export function verifyToken(secret: string, token: unknown, now: number): TokenCheck {
  if (token === undefined || token === null || token === '') return { ok: false, reason: 'missing' };
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 2 || !BASE64URL.test(parts[0]!) || !BASE64URL.test(parts[1]!)) return { ok: false, reason: 'malformed' };
  const [payload, signature] = parts as [string, string];
  const expected = sign(secret, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-signature' };
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!isClaims(claims)) return { ok: false, reason: 'malformed' };
  if (claims.exp * 1000 <= now) return { ok: false, reason: 'expired' };
  return { ok: true, claims: { sub: claims.sub, role: claims.role, exp: claims.exp } };
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function sign(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

function isClaims(value: unknown): value is TokenClaims {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  return (
    typeof c.sub === 'string' &&
    c.sub.length > 0 &&
    (c.role === 'agent' || c.role === 'contact') &&
    typeof c.exp === 'number' &&
    Number.isFinite(c.exp)
  );
}
