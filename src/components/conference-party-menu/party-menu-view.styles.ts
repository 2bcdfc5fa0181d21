import type { css as litCss } from 'lit';

/** The styles of the party menu's popup (party-menu-view.ts), loaded with it; made with the page's `css` (see shared/view-kit.ts). */
export const partyMenuViewStyles = (css: typeof litCss) => css`
  /* In the top layer (popover), placed beside the button by script. */
  [role='menu'] {
    position: fixed;
    inset: auto;
    z-index: var(--wc-menu-z-index, 10);
    min-inline-size: max-content;
    margin: 0;
    padding-block: 4px;
    padding-inline: 0;
    list-style: none;
    background: var(--_bg);
    color: var(--_fg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: 0 4px 14px rgb(0 0 0 / 0.18);
  }
  [role='menu'][hidden] {
    display: none;
  }
  [role='menuitem'] {
    display: flex;
    align-items: center;
    gap: 8px;
    padding-block: 6px;
    padding-inline: 12px;
    cursor: pointer;
    white-space: nowrap;
  }
  [role='menuitem']:hover,
  [role='menuitem']:focus {
    background: var(--_accent);
    color: var(--_accent-fg);
    outline: none;
  }
  [role='menuitem']:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: -2px;
  }
  [role='menuitem'][aria-disabled='true'] {
    cursor: not-allowed;
    color: var(--_muted);
  }
  [role='menuitem'][aria-disabled='true']:hover,
  [role='menuitem'][aria-disabled='true']:focus {
    background: var(--_surface);
    color: var(--_muted);
  }
  .icon {
    inline-size: 16px;
    block-size: 16px;
    flex: none;
    fill: currentColor;
  }
  .delete:not([aria-disabled='true']) {
    color: var(--_danger);
  }
  .delete:not([aria-disabled='true']):hover,
  .delete:not([aria-disabled='true']):focus {
    background: var(--_danger);
    color: var(--_bg);
  }
  .separator {
    block-size: 1px;
    margin-block: 4px;
    background: var(--_border);
  }
  .error {
    position: absolute;
    inset-block-start: calc(100% + 2px);
    inset-inline-end: 0;
    z-index: var(--wc-menu-z-index, 10);
    inline-size: max-content;
    max-inline-size: 28ch;
    padding-block: 6px;
    padding-inline: 10px;
    border: 1px solid var(--_danger);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_danger);
  }
  .error button {
    margin-inline-start: 8px;
    min-block-size: 22px;
    padding-inline: 6px;
  }
`;
