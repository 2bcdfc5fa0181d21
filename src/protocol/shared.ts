import * as v from 'valibot';
import type { ChatError, ErrorCode } from '../engine/types.js';

/** What every `parse…` function answers: the typed value, or a typed error. It never throws. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: ChatError };

/**
 * Hard bounds the protocol enforces before anything reaches the engine, so a hostile or
 * broken client cannot make a server hold huge strings. The engine applies its own
 * (usually tighter) configured limits afterwards.
 */
export interface ProtocolLimits {
  /** Longest id (session, invitation, user, command, client message id). */
  maxIdLength: number;
  /** Longest message text. */
  maxTextLength: number;
  /** Longest subject, case-data key or value, disposition code or note. */
  maxFieldLength: number;
  /** Most case-data entries on one chat. */
  maxCaseDataEntries: number;
}

export const DEFAULT_LIMITS: ProtocolLimits = {
  maxIdLength: 256,
  maxTextLength: 65_536,
  maxFieldLength: 4_096,
  maxCaseDataEntries: 200,
};

export const ERROR_CODES = [
  'invalid-command',
  'invalid-input',
  'unknown-user',
  'unknown-session',
  'unknown-invitation',
  'unknown-target',
  'not-a-party',
  'invalid-state',
  'forbidden',
  'no-capacity',
  'transcript-full',
  'malformed-frame',
  'not-connected',
  'timeout',
  'rate-limited',
  'unauthorized',
] as const satisfies readonly ErrorCode[];

/** Keys that would reach an object's prototype when a careless consumer copies them. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Real commands and events nest a handful of levels; anything deeper is an attack or a bug. */
const MAX_DEPTH = 32;

export function isPlainObject(input: unknown): input is Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return false;
  const proto = Object.getPrototypeOf(input);
  return proto === Object.prototype || proto === null;
}

/**
 * Finds a prototype-polluting key or an absurd nesting depth anywhere in `input`.
 * Iterative, so a deeply nested input cannot overflow the stack.
 */
export function findUnsafeStructure(input: unknown): { path: string; reason: string } | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: input, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_DEPTH) return { path, reason: `is nested more than ${MAX_DEPTH} levels deep` };
    const array = Array.isArray(value);
    for (const key of Object.keys(value)) {
      const keyPath = array ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      if (!array && FORBIDDEN_KEYS.has(key)) return { path: keyPath, reason: `uses the reserved key "${key}"` };
      const child = (value as Record<string, unknown>)[key];
      // Only objects and arrays can hide anything: a text or a number is not visited, and no
      // path is spelled out for it (that was most of the check's cost on every frame).
      if (typeof child === 'object' && child !== null) stack.push({ value: child, path: keyPath, depth: depth + 1 });
    }
  }
  return undefined;
}

export function fail(code: ErrorCode, message: string, field?: string): { ok: false; error: ChatError } {
  return { ok: false, error: field === undefined ? { code, message } : { code, message, field } };
}

/** The dotted path of a valibot issue (`caseData.Order`, `snapshot.sessions[0].id`). */
export function issuePath(issue: v.BaseIssue<unknown>): string {
  let path = '';
  for (const item of issue.path ?? []) {
    const key = (item as { key: unknown }).key;
    if (typeof key === 'number') path += `[${key}]`;
    else path += path ? `.${String(key)}` : String(key);
  }
  return path;
}

function describeReceived(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  if (typeof input === 'string') return input.length > 40 ? `a string of ${input.length} characters` : JSON.stringify(input);
  if (typeof input === 'object') return 'an object';
  return String(input);
}

/** One readable English sentence for a valibot issue. */
export function describeIssue(what: string, issue: v.BaseIssue<unknown>): string {
  const field = issuePath(issue);
  const subject = field ? `${what} field "${field}"` : what;
  if (issue.kind === 'schema' && issue.input === undefined && issue.type !== 'undefined') {
    return `${subject} is missing.`;
  }
  if (issue.kind === 'schema') {
    return `${subject} must be ${readableExpected(issue.expected)} but is ${describeReceived(issue.input)}.`;
  }
  return `${subject} is invalid: ${issue.message}.`;
}

function readableExpected(expected: string | null): string {
  if (!expected) return 'valid';
  if (expected === 'string' || expected === 'number' || expected === 'boolean') {
    return `a ${expected}`;
  }
  if (expected === 'Object') return 'an object';
  if (expected === 'Array') return 'an array';
  const options = expected.replace(/^\((.*)\)$/, '$1');
  return options.includes(' | ') ? `one of ${options.replaceAll(' | ', ', ')}` : options;
}

/** A string schema bounded in length, whose message tells the reader the limit. */
export function boundedString(limit: number, label: string, minLength = 0) {
  return v.pipe(
    v.string(),
    v.check((text) => text.length >= minLength, `${label} is empty`),
    v.check((text) => text.length <= limit, `${label} is longer than ${limit} characters`),
  );
}

/** A bounded record of string → string that also refuses reserved keys (the walker catches them first). */
export function stringRecord(limits: ProtocolLimits) {
  return v.pipe(
    v.record(boundedString(limits.maxFieldLength, 'a key'), boundedString(limits.maxFieldLength, 'a value')),
    v.check(
      (record) => Object.keys(record).length <= limits.maxCaseDataEntries,
      `has more than ${limits.maxCaseDataEntries} entries`,
    ),
  );
}

// ---------------------------------------------------------------------------
// Compile-time equality, so a schema and the engine type it mirrors cannot drift apart.

type DeepSimplify<T> = T extends readonly (infer U)[]
  ? DeepSimplify<U>[]
  : T extends object
    ? { [K in keyof T]: DeepSimplify<T[K]> }
    : T;

export type Equals<A, B> =
  (<T>() => T extends DeepSimplify<A> ? 1 : 2) extends <T>() => T extends DeepSimplify<B> ? 1 : 2 ? true : false;

/** Fails to compile unless its argument is `true`. */
export type Assert<T extends true> = T;
