/**
 * Heading levels that follow the host's outline: a component's own title is at its
 * `heading-level` (default 2) and its sections one below, so a window placed under the
 * host's h1 never skips a level (axe `heading-order`). Rendered as `role="heading"` with
 * `aria-level`, which assistive technology and axe read as h1–h6, so one template serves
 * every level (a tag chosen at run time would need lit/static-html, about 1 KB more).
 */

/** A valid heading level from an attribute value: whole numbers 1–6; anything else is `fallback`. */
export function headingLevel(value: unknown, fallback = 2): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 6 ? n : fallback;
}

/** `level` kept within 1–6 (a section below an h6 is still an h6). */
export function clampLevel(level: number): number {
  return Math.min(6, Math.max(1, Math.round(level)));
}
