import { html, type TemplateResult } from 'lit';

/**
 * The prefix (`acme-`) an element's class was registered with by `defineWorkspaceChat`, or ''
 * for the default classes. It is kept on the class, so a prefixed window renders prefixed
 * parts while a default window on the same page keeps rendering the default ones.
 */
export const tagPrefix = (el: Element): string => (el.constructor as { tagPrefix?: string }).tagPrefix ?? '';

/** The opening and closing tags of the parts an element renders inside itself. A new part goes here. */
const PARTS = /(<\/?)(?=(?:chat-(?:transcript|composer|consultation-panel)|team-communicator|conference-party-menu)(?:[\s>]|$))/g;

/** Per prefix, each template's strings with its parts' tags prefixed; stable, so Lit parses each once. */
const prefixedStrings: Record<string, WeakMap<TemplateStringsArray, TemplateStringsArray>> = {};

/**
 * `result` as `el` renders it: unchanged for a default element; for a prefixed one, the same
 * template with its parts' tags under the prefix (`<chat-transcript>` → `<acme-chat-transcript>`).
 * The templates keep naming the default tags, and a default window pays one property read.
 * (lit/static-html.js would do the same with a static value per tag; it cost 130 B more
 * min+gzip on the agent desktop, which its byte budget could not take, and joins every
 * template's strings on each render.)
 */
export function prefixed(el: Element, result: TemplateResult): TemplateResult {
  const prefix = tagPrefix(el);
  if (!prefix) return result;
  const cache = (prefixedStrings[prefix] ??= new WeakMap());
  let strings = cache.get(result.strings);
  if (!strings) {
    const parts = result.strings.map((s) => s.replace(PARTS, `$1${prefix}`));
    // Lit accepts only template strings arrays (with `raw`), as lit/static-html.js makes them.
    cache.set(result.strings, (strings = Object.assign(parts, { raw: parts })));
  }
  return html(strings, ...result.values);
}
