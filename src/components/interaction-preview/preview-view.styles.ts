import type { css as litCss } from 'lit';

/** The styles of a request in the preview (preview-view.ts), loaded with it; made with the page's `css` (see shared/view-kit.ts). */
export const previewViewStyles = (css: typeof litCss) => css`
  .preview {
    background: var(--_bg);
    color: var(--_fg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: 0 6px 18px rgb(0 0 0 / 0.18);
    overflow: hidden;
  }
  .preview:focus {
    outline: none;
  }
  .preview:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  .header {
    display: flex;
    align-items: center;
    gap: 8px;
    padding-block: 8px;
    padding-inline: 12px;
    background: var(--_accent);
    color: var(--_accent-fg);
  }
  .header svg {
    inline-size: 18px;
    block-size: 18px;
    flex: none;
    fill: currentColor;
  }
  .title {
    margin: 0;
    font-size: 1em;
    font-weight: 600;
    line-height: 1.3;
  }
  .content {
    display: grid;
    gap: 6px;
    padding-block: 10px 4px;
    padding-inline: 12px;
  }
  .from {
    margin: 0;
    font-weight: 600;
  }
  section {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    padding-block: 6px;
    padding-inline: 10px;
  }
  .case-heading {
    margin: 0 0 4px;
    font-size: 0.92em;
    font-weight: 600;
    color: var(--_muted);
  }
  dl {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 2px 8px;
    margin: 0;
  }
  dt {
    color: var(--_muted);
  }
  dt::after {
    content: ':';
  }
  dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .origin {
    margin: 0;
  }
  .subject {
    margin: 4px 0;
    overflow-wrap: anywhere;
  }
  .time-left {
    margin: 0;
    font-variant-numeric: tabular-nums;
    color: var(--_muted);
  }
  .time-left.urgent {
    color: var(--_danger);
    font-weight: 600;
  }
  .more {
    margin: 0;
    color: var(--_muted);
    font-size: 0.92em;
  }
  .actions {
    display: flex;
    gap: 8px;
    justify-content: flex-end;
    padding-block: 8px 10px;
    padding-inline: 12px;
  }
  .accept {
    background: var(--_success);
    border-color: var(--_success);
    color: var(--_bg);
    font-weight: 600;
  }
  .reject {
    background: var(--_bg);
  }
  button[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.7;
  }
  .error {
    margin-block: 6px 0;
    padding-block: 6px;
    padding-inline: 10px;
    border: 1px solid var(--_danger);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_danger);
  }
`;
