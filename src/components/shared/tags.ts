import type { TemplateResult } from 'lit';

/**
 * The prefix (`acme-`) an element's class was registered with by `defineWorkspaceChat`, or ''
 * for the default classes. It is kept on the class, so a prefixed window renders prefixed
 * parts while a default window on the same page keeps rendering the default ones.
 */
export const tagPrefix = (el: Element): string => (el.constructor as { tagPrefix?: string }).tagPrefix ?? '';

type PrefixTemplate = (prefix: string, result: TemplateResult) => TemplateResult;

/**
 * Set by the define functions (workspace-chat/components/define), the only way a class gets a
 * prefix: the rewriting (`prefix-template.ts`) stays off pages of default elements, which
 * have byte budgets (`npm run size`).
 */
let prefixTemplate: PrefixTemplate | undefined;

export const usePrefixTemplate = (rewrite: PrefixTemplate): void => {
  prefixTemplate = rewrite;
};

/**
 * `result` as `el` renders it: unchanged for a default element; for a prefixed one, the same
 * template with its parts' tags under the prefix (`<chat-transcript>` → `<acme-chat-transcript>`).
 * The templates keep naming the default tags, and a default window pays one property read.
 */
export function prefixed(el: Element, result: TemplateResult): TemplateResult {
  const prefix = tagPrefix(el);
  return prefix && prefixTemplate ? prefixTemplate(prefix, result) : result;
}
