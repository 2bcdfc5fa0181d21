import { css } from 'lit';

/** The dark theme's colours: one list for `theme="dark"` and for `theme="auto"` on a dark system. */
const darkPalette = css`
  --_bg: var(--wc-background, #15181c);
  --_surface: var(--wc-surface, #1f242a);
  --_fg: var(--wc-foreground, #e8eaed);
  --_muted: var(--wc-muted-foreground, #aab2bd);
  --_border: var(--wc-border, #48515c);
  --_accent: var(--wc-accent, #8ab4f8);
  --_accent-fg: var(--wc-accent-foreground, #0b1a2e);
  --_danger: var(--wc-danger, #f28b82);
  --_success: var(--wc-success, #81c995);
  --_warning: var(--wc-warning, #fdd663);
  --_own-bubble: var(--wc-own-bubble, #1d3550);
  --_other-bubble: var(--wc-other-bubble, #2a2f36);
  --_internal-bubble: var(--wc-internal-bubble, #3d3418);
  --_focus: var(--wc-focus-ring, #8ab4f8);
  color-scheme: dark;
`;

/**
 * Design tokens every component reads. Hosts restyle through these custom properties
 * (set on any ancestor) and through `::part`. Dark theme: `theme="dark"` on the element
 * or on an ancestor's `data-theme="dark"`, or the user's colour-scheme preference when
 * the host sets `theme="auto"`. Layout uses logical properties so right-to-left works.
 */
export const themeTokens = css`
  :host {
    --_bg: var(--wc-background, #ffffff);
    --_surface: var(--wc-surface, #f4f6f8);
    --_fg: var(--wc-foreground, #1b1f24);
    --_muted: var(--wc-muted-foreground, #4d5662);
    --_border: var(--wc-border, #c4cad2);
    --_accent: var(--wc-accent, #0b5cad);
    --_accent-fg: var(--wc-accent-foreground, #ffffff);
    --_danger: var(--wc-danger, #b3261e);
    --_success: var(--wc-success, #1e7b34);
    --_warning: var(--wc-warning, #8a5a00);
    --_own-bubble: var(--wc-own-bubble, #e3eefa);
    --_other-bubble: var(--wc-other-bubble, #f1f1f1);
    --_internal-bubble: var(--wc-internal-bubble, #fff4d6);
    --_focus: var(--wc-focus-ring, #1a73e8);
    --_radius: var(--wc-radius, 6px);
    --_font: var(--wc-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_font-size: var(--wc-font-size, 14px);
    color-scheme: light;
    font-family: var(--_font);
    font-size: var(--_font-size);
    color: var(--_fg);
  }
  :host([theme='dark']),
  :host-context([data-theme='dark']) {
    ${darkPalette}
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${darkPalette}
    }
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
