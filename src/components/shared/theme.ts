import { css } from 'lit';

/**
 * Each colour token is a light and a dark value, picked by the inherited `color-scheme` through CSS
 * `light-dark()`: an ancestor anywhere above (in the page or in a shadow root) decides, so
 * no `:host-context()` (which Firefox and Safari drop whole) and no theme attribute handed
 * down from element to element. A host's `--wc-*` value wins in both schemes.
 *
 * Design tokens every component reads. Hosts restyle through these custom properties
 * (set on any ancestor) and through `::part`. Dark theme: `color-scheme: dark` on any
 * ancestor, or `data-theme="dark"` / class `wc-theme-dark` on any ancestor in the page, or
 * `theme="dark"` on the element; `theme="auto"` (or `color-scheme: light dark`) follows
 * the user's system preference. Layout uses logical properties so right-to-left works.
 */
export const themeTokens = css`
  :host {
    --_bg: var(--wc-background, light-dark(#ffffff, #15181c));
    --_surface: var(--wc-surface, light-dark(#f4f6f8, #1f242a));
    --_fg: var(--wc-foreground, light-dark(#1b1f24, #e8eaed));
    --_muted: var(--wc-muted-foreground, light-dark(#4d5662, #aab2bd));
    --_border: var(--wc-border, light-dark(#c4cad2, #48515c));
    --_accent: var(--wc-accent, light-dark(#0b5cad, #8ab4f8));
    --_accent-fg: var(--wc-accent-foreground, light-dark(#ffffff, #0b1a2e));
    --_danger: var(--wc-danger, light-dark(#b3261e, #f28b82));
    --_success: var(--wc-success, light-dark(#1e7b34, #81c995));
    --_warning: var(--wc-warning, light-dark(#8a5a00, #fdd663));
    --_own-bubble: var(--wc-own-bubble, light-dark(#e3eefa, #1d3550));
    --_other-bubble: var(--wc-other-bubble, light-dark(#f1f1f1, #2a2f36));
    --_internal-bubble: var(--wc-internal-bubble, light-dark(#fff4d6, #3d3418));
    --_focus: var(--wc-focus-ring, light-dark(#1a73e8, #8ab4f8));
    --_radius: var(--wc-radius, 6px);
    --_font: var(--wc-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_font-size: var(--wc-font-size, 14px);
    font-family: var(--_font);
    font-size: var(--_font-size);
    color: var(--_fg);
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
  :host([theme='auto']) {
    color-scheme: light dark;
  }
  :host([hidden]) {
    display: none !important;
  }
  :focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  button {
    font: inherit;
    color: inherit;
    min-block-size: 28px;
    padding-block: 2px;
    padding-inline: 10px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    cursor: pointer;
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.55;
  }
  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
`;

/*
 * `data-theme="dark"` (or class `wc-theme-dark`) on any ancestor in the page turns the
 * components dark: this one rule, added once to the document, maps it to the inherited
 * `color-scheme`. `:where()` keeps it at zero specificity, so the host's own rules win.
 */
const DOCUMENT_RULE_KEY = Symbol.for('workspace-chat/theme-rule');
export const documentThemeRule = `:where([data-theme='dark'], .wc-theme-dark) { color-scheme: dark; }
:where([data-theme='light'], .wc-theme-light) { color-scheme: light; }`;
const pageGlobal = globalThis as { [DOCUMENT_RULE_KEY]?: true };
if (typeof document !== 'undefined' && typeof CSSStyleSheet !== 'undefined' && 'adoptedStyleSheets' in document && !pageGlobal[DOCUMENT_RULE_KEY]) {
  pageGlobal[DOCUMENT_RULE_KEY] = true;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(documentThemeRule);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}
