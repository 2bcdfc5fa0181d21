import { css } from 'lit';
import { themeTokens } from '../shared/theme.js';

export const styles = [
  themeTokens,
  css`
    :host {
      display: block;
      background: var(--_bg);
    }
    .box {
      display: flex;
      align-items: flex-end;
      gap: 8px;
    }
    textarea {
      flex: 1 1 auto;
      min-inline-size: 0;
      box-sizing: border-box;
      field-sizing: content;
      min-block-size: 3.2em;
      max-block-size: 12em;
      resize: vertical;
      padding-block: 6px;
      padding-inline: 8px;
      font: inherit;
      line-height: 1.4;
      color: var(--_fg);
      background: var(--_bg);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }
    textarea::placeholder {
      color: var(--_muted);
    }
    textarea[aria-invalid='true'] {
      border-color: var(--_danger);
      border-width: 2px;
    }
    .internal textarea {
      background: var(--_internal-bubble);
      border-color: var(--_warning);
      border-style: dashed;
    }
    textarea:disabled {
      opacity: 0.6;
      cursor: not-allowed;
    }
    .send {
      background: var(--_accent);
      color: var(--_accent-fg);
      border-color: var(--_accent);
      min-block-size: 36px;
      font-weight: 600;
    }
    /* Nothing to send, or a chat that has ended: both grey, never the primary colour. */
    .send[aria-disabled='true'],
    .send:disabled {
      background: var(--_surface);
      color: var(--_muted);
      border-color: var(--_border);
      cursor: default;
    }
    .send:disabled {
      cursor: not-allowed;
    }
    .footer {
      display: flex;
      align-items: center;
      gap: 12px;
      min-block-size: 1.6em;
      margin-block-start: 4px;
      font-size: 0.9em;
    }
    .footer:empty {
      display: none;
    }
    .internal-toggle {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      cursor: pointer;
    }
    .internal-toggle input {
      margin: 0;
      inline-size: 16px;
      block-size: 16px;
    }
    .counter {
      margin-inline-start: auto;
      color: var(--_muted);
      font-variant-numeric: tabular-nums;
    }
    .counter.over {
      color: var(--_danger);
      font-weight: 600;
    }
    .error {
      margin: 0;
      color: var(--_danger);
      font-size: 0.9em;
    }
  `,
];
