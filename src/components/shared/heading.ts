import { unsafeStatic, type StaticValue } from 'lit/static-html.js';

/**
 * Heading levels that follow the host's outline: a component's own title is at its
 * `heading-level` (default 2) and its sections one below, so a window placed under the
 * host's h1 never skips a level (axe `heading-order`).
 */

const TAGS = [1, 2, 3, 4, 5, 6].map((n) => unsafeStatic(`h${n}`));

/** A valid heading level from an attribute value: whole numbers 1–6; anything else is `fallback`. */
export function headingLevel(value: unknown, fallback = 2): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 6 ? n : fallback;
}

/** The tag for `level` (clamped to h1–h6), for a template from `lit/static-html.js`. */
export function headingTag(level: number): StaticValue {
  return TAGS[Math.min(6, Math.max(1, Math.round(level))) - 1]!;
}
