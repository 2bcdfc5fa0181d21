import { css } from 'lit';
import { themeTokens } from '../shared/theme.js';

export const contactChatStyles = [
  themeTokens,
  css`
    :host {
      display: block;
      background: var(--_bg);
      color: var(--_fg);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }
    h2 {
      margin: 0;
      font-size: 1.2em;
      overflow-wrap: anywhere;
    }
    p {
      margin: 0;
    }
    button.primary {
      background: var(--_accent);
      color: var(--_accent-fg);
      border-color: var(--_accent);
      font-weight: 600;
    }
    button.danger {
      background: var(--_danger);
      color: var(--_bg);
      border-color: var(--_danger);
      font-weight: 600;
    }
    button[aria-disabled='true'] {
      cursor: progress;
      opacity: 0.7;
    }

    /* Connection banner: empty live regions take no room until they speak. */
    .connection p:empty {
      display: none;
    }
    .connection.shown {
      padding-block: 6px;
      padding-inline: 12px;
      border-block-end: 1px solid var(--_border);
      background: var(--_surface);
      border-start-start-radius: var(--_radius);
      border-start-end-radius: var(--_radius);
      color: var(--_warning);
      font-weight: 600;
    }
    .connection.failed {
      color: var(--_danger);
    }

    /* Start form */
    .start {
      display: flex;
      flex-direction: column;
      gap: 12px;
      padding-block: 14px;
      padding-inline: 16px;
    }
    .hint {
      color: var(--_muted);
    }
    .field {
      display: flex;
      flex-direction: column;
      gap: 4px;
    }
    label {
      font-weight: 600;
    }
    input {
      font: inherit;
      color: inherit;
      background: var(--_bg);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      padding-block: 6px;
      padding-inline: 8px;
      min-block-size: 20px;
    }
    input[aria-invalid='true'] {
      border-color: var(--_danger);
      box-shadow: inset 0 0 0 1px var(--_danger);
    }
    fieldset.case {
      display: flex;
      flex-direction: column;
      gap: 8px;
      margin: 0;
      padding-block: 6px 10px;
      padding-inline: 10px;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }
    legend {
      padding-inline: 4px;
      color: var(--_muted);
    }
    fieldset.case label {
      font-weight: normal;
    }
    .error {
      color: var(--_danger);
      font-weight: 600;
    }
    .error:empty {
      display: none;
    }
    .actions {
      display: flex;
      justify-content: flex-end;
    }

    /* The chat */
    .chat {
      display: flex;
      flex-direction: column;
      gap: 10px;
      padding-block: 12px;
      padding-inline: 14px;
    }
    header {
      display: flex;
      align-items: flex-start;
      gap: 12px;
    }
    .title {
      flex: 1;
      min-inline-size: 0;
      display: flex;
      flex-direction: column;
      gap: 2px;
    }
    .status {
      color: var(--_muted);
    }
    .connected .status {
      color: var(--_success);
    }
    .note {
      color: var(--_muted);
    }
    .confirm {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
      padding-block: 8px;
      padding-inline: 10px;
      border: 1px solid var(--_border);
      border-inline-start: 4px solid var(--_danger);
      border-radius: var(--_radius);
      background: var(--_surface);
    }
    .confirm span {
      flex: 1;
      font-weight: 600;
    }
    [part=transcript] {
      block-size: var(--wc-contact-transcript-size, 320px);
    }
  `,
];
