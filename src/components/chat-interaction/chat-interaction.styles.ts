import { css } from 'lit';
import { themeTokens } from '../shared/theme.js';
import { partyStateStyles } from './party-icon.js';

export const chatInteractionStyles = [
  themeTokens,
  partyStateStyles,
  css`
    :host {
      display: block;
      background: var(--_bg);
      color: var(--_fg);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      container-type: inline-size;
    }
    .window {
      display: flex;
      flex-direction: column;
      gap: 10px;
      padding-block: 10px;
      padding-inline: 12px;
    }
    .empty {
      margin: 0;
      padding: 16px;
      color: var(--_muted);
    }
    .window-title,
    .sub-heading {
      margin: 0;
      font-size: inherit;
      font-weight: bold;
    }
    header {
      display: flex;
      flex-direction: column;
      gap: 6px;
    }
    .title-line {
      display: flex;
      align-items: baseline;
      gap: 12px;
    }
    .window-title {
      font-size: 1.25em;
    }
    .state {
      color: var(--_muted);
      font-weight: 600;
    }
    .case {
      background: var(--_surface);
      border-radius: var(--_radius);
      padding-block: 4px;
      padding-inline: 8px;
    }
    .disclosure {
      border: none;
      background: none;
      padding-inline: 0;
      font-weight: 600;
      display: inline-flex;
      align-items: center;
      gap: 6px;
    }
    .chevron {
      inline-size: 10px;
      block-size: 10px;
      transition: transform 0.15s;
    }
    .disclosure[aria-expanded='false'] .chevron {
      transform: rotate(-90deg);
    }
    :host(:dir(rtl)) .disclosure[aria-expanded='false'] .chevron {
      transform: rotate(90deg);
    }
    .case-body p {
      margin-block: 2px;
    }
    .subject {
      font-weight: 600;
    }
    dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 2px 12px;
      margin-block: 4px;
      margin-inline: 0;
    }
    dl > div {
      display: contents;
    }
    dt {
      color: var(--_muted);
    }
    dd {
      margin: 0;
    }
    .toolbar-anchor {
      position: relative;
    }
    [role='toolbar'] {
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
      padding-block: 6px;
      border-block: 1px solid var(--_border);
    }
    .tool-end {
      margin-inline-start: auto;
    }
    .tool:not(:disabled).tool-end {
      border-color: var(--_danger);
      color: var(--_danger);
    }
    .tool:not(:disabled).tool-done {
      background: var(--_accent);
      border-color: var(--_accent);
      color: var(--_accent-fg);
    }
    .tool[aria-expanded='true'] {
      background: var(--_accent);
      border-color: var(--_accent);
      color: var(--_accent-fg);
    }
    .popover {
      position: absolute;
      inset-block-start: calc(100% + 4px);
      inset-inline-start: 0;
      z-index: 10;
      inline-size: min(28rem, 100%);
      background: var(--_bg);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      box-shadow: 0 6px 24px rgb(0 0 0 / 0.25);
      padding: 8px;
      box-sizing: border-box;
    }
    .connection:empty,
    .error:empty,
    .announcement:empty,
    .contact-left:empty {
      display: none;
    }
    .banner {
      display: block;
      padding-block: 6px;
      padding-inline: 12px;
      background: var(--_warning);
      color: var(--_bg);
      font-weight: 600;
      border-start-start-radius: var(--_radius);
      border-start-end-radius: var(--_radius);
    }
    .error,
    .announcement,
    .contact-left {
      margin: 0;
      padding-block: 4px;
      padding-inline: 8px;
      border-inline-start: 3px solid currentColor;
    }
    .error {
      color: var(--_danger);
    }
    .announcement,
    .contact-left {
      color: var(--_fg);
      border-color: var(--_warning);
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .outgoing li {
      display: flex;
      align-items: center;
      gap: 8px;
      padding-block: 4px;
      padding-inline: 8px;
      background: var(--_surface);
      border-radius: var(--_radius);
    }
    .outgoing li > span {
      flex: 1;
    }
    .parties {
      display: flex;
      flex-direction: column;
      gap: 4px;
    }
    .parties li {
      display: flex;
      align-items: center;
      gap: 8px;
      min-block-size: 30px;
    }
    [part=transcript] {
      /* The transcript fills the block size it is given and scrolls inside it. */
      block-size: var(--wc-interaction-transcript-size, 320px);
    }
    .dispositions {
      display: flex;
      flex-direction: column;
      gap: 8px;
      padding: 8px;
      background: var(--_surface);
      border-radius: var(--_radius);
    }
    form {
      display: flex;
      flex-direction: column;
      gap: 8px;
    }
    .field {
      display: flex;
      flex-direction: column;
      gap: 4px;
    }
    fieldset {
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      margin: 0;
      display: flex;
      flex-direction: column;
      gap: 2px;
    }
    .radio {
      display: flex;
      align-items: center;
      gap: 6px;
    }
    select,
    textarea {
      font: inherit;
      color: inherit;
      background: var(--_bg);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      padding-block: 4px;
      padding-inline: 6px;
    }
    select {
      max-inline-size: 24rem;
    }
    textarea {
      resize: vertical;
    }
    .form-actions {
      display: flex;
      align-items: center;
      gap: 12px;
    }
    .saved {
      color: var(--_success);
    }
    /* The window's own border already frames a consultation shown on its own. */
    .standalone {
      border: none;
    }
    .consultations {
      display: flex;
      flex-direction: column;
      gap: 10px;
    }
  `,
];
