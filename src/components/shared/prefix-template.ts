import { html, type TemplateResult } from 'lit';

/** The opening and closing tags of the parts an element renders inside itself. A new part goes here. */
const PARTS = /(<\/?)(?=(?:chat-(?:transcript|composer|consultation-panel)|team-communicator|conference-party-menu)(?:[\s>]|$))/g;

/** Per prefix, each template's strings with its parts' tags prefixed; stable, so Lit parses each once. */
const prefixedStrings: Record<string, WeakMap<TemplateStringsArray, TemplateStringsArray>> = {};

/**
 * `result` with its parts' tags under `prefix` (`<chat-transcript>` → `<acme-chat-transcript>`).
 * Only `defineWorkspaceChat` and the per-element define functions load this (they hand it to
 * `shared/tags.ts`), so a page of default elements does not carry it.
 * (lit/static-html.js would do the same with a static value per tag; it cost 130 B more
 * min+gzip on the agent desktop, which its byte budget could not take, and joins every
 * template's strings on each render.)
 */
export function prefixTemplate(prefix: string, result: TemplateResult): TemplateResult {
  const cache = (prefixedStrings[prefix] ??= new WeakMap());
  let strings = cache.get(result.strings);
  if (!strings) {
    const parts = result.strings.map((s) => s.replace(PARTS, `$1${prefix}`));
    // Lit accepts only template strings arrays (with `raw`), as lit/static-html.js makes them.
    cache.set(result.strings, (strings = Object.assign(parts, { raw: parts })));
  }
  return html(strings, ...result.values);
}
