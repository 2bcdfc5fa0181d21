import { css } from 'lit';
import { themeTokens } from '../shared/theme.js';

export const styles = [
  themeTokens,
  css`
    :host {
      display: flex;
      flex-direction: column;
      min-block-size: var(--wc-transcript-min-height, 10rem);
      background: var(--_bg);
    }
    .frame {
      position: relative;
      flex: 1 1 0;
      min-block-size: 0;
      display: flex;
      flex-direction: column;
    }
    .log {
      flex: 1 1 0;
      min-block-size: 0;
      overflow-y: auto;
      overscroll-behavior: contain;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_bg);
    }
    .log:focus-visible {
      outline-offset: -2px;
    }
    .slot {
      inline-size: 100%;
    }
    .row {
      padding-block: 4px;
      padding-inline: 10px;
      display: flex;
      flex-direction: column;
    }
    p {
      margin: 0;
    }
    .notice {
      align-items: center;
      text-align: center;
      color: var(--_muted);
      font-style: italic;
      padding-block: 6px;
    }
    .bubble {
      max-inline-size: min(85%, 60ch);
      padding-block: 6px;
      padding-inline: 10px;
      border-radius: var(--_radius);
      border: 1px solid transparent;
      background: var(--_other-bubble);
      align-self: flex-start;
    }
    .own .bubble {
      background: var(--_own-bubble);
      align-self: flex-end;
    }
    .internal .bubble {
      background: var(--_internal-bubble);
      border-color: var(--_warning);
      border-style: dashed;
    }
    .failed .bubble {
      border-color: var(--_danger);
      border-style: solid;
    }
    .meta {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 4px 8px;
      font-size: 0.86em;
      color: var(--_muted);
      margin-block-end: 2px;
    }
    .sender {
      font-weight: 600;
      color: var(--_fg);
    }
    time {
      margin-inline-start: auto;
      white-space: nowrap;
    }
    .badge {
      display: inline-block;
      padding-inline: 6px;
      border: 1px solid var(--_warning);
      border-radius: 999px;
      color: var(--_fg);
      font-size: 0.86em;
      font-style: normal;
      line-height: 1.5;
    }
    .text {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
      line-height: 1.4;
    }
    a {
      color: var(--_accent);
    }
    .status {
      margin-block-start: 4px;
      font-size: 0.86em;
      color: var(--_muted);
    }
    .status.error {
      color: var(--_danger);
    }
    .actions {
      display: flex;
      gap: 6px;
      margin-block-start: 6px;
    }
    .empty {
      position: absolute;
      inset-block-start: 50%;
      inset-inline: 0;
      transform: translateY(-50%);
      text-align: center;
      color: var(--_muted);
      pointer-events: none;
    }
    .jump {
      position: absolute;
      inset-block-end: 10px;
      inset-inline-end: 18px;
      background: var(--_accent);
      color: var(--_accent-fg);
      border-color: var(--_accent);
      box-shadow: 0 1px 4px rgb(0 0 0 / 0.25);
    }
    .typing {
      min-block-size: 1.4em;
      padding-block: 2px;
      padding-inline: 10px;
      font-size: 0.86em;
      color: var(--_muted);
      font-style: italic;
    }
  `,
];
