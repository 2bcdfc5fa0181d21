import { css } from 'lit';
import { themeTokens } from '../shared/theme.js';
import { partyStateStyles } from './party-icon.js';

export const consultationPanelStyles = [
  themeTokens,
  partyStateStyles,
  css`
    :host {
      display: block;
      background: var(--_bg);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }
    section {
      display: flex;
      flex-direction: column;
      gap: 8px;
      padding-block: 8px;
      padding-inline: 12px;
    }
    [part='header'] {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 4px 12px;
    }
    .panel-heading {
      margin: 0;
      font-weight: bold;
      font-size: 1.05em;
    }
    [part='timer'] {
      font-variant-numeric: tabular-nums;
      color: var(--_muted);
    }
    [part='state'] {
      color: var(--_muted);
      margin-inline-start: auto;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-direction: column;
      gap: 4px;
    }
    li {
      display: flex;
      align-items: center;
      gap: 8px;
    }
    [part='actions'] {
      display: flex;
      gap: 8px;
    }
    [part='actions']:empty {
      display: none;
    }
    .end {
      border-color: var(--_danger);
      color: var(--_danger);
    }
    .done {
      background: var(--_accent);
      border-color: var(--_accent);
      color: var(--_accent-fg);
    }
    [part=transcript] {
      /* The transcript fills the block size it is given and scrolls inside it. */
      block-size: var(--wc-consultation-transcript-size, 200px);
    }
    .error {
      color: var(--_danger);
      margin: 0;
    }
    .error:empty {
      display: none;
    }
  `,
];
