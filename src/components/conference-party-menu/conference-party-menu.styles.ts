import { css } from 'lit';
import { themeTokens } from '../shared/theme.js';

/** The element's button and theme; the popup's styles come with it (party-menu-view.styles.ts). */
export const styles = [
  themeTokens,
  css`
    :host {
      display: inline-block;
      position: relative;
      vertical-align: middle;
    }
    .trigger {
      display: inline-flex;
      align-items: center;
      justify-content: center;
      min-inline-size: 28px;
      padding-inline: 6px;
      background: transparent;
      border-color: transparent;
      color: var(--_fg);
    }
    .trigger:hover,
    .trigger[aria-expanded='true'] {
      background: var(--_surface);
      border-color: var(--_border);
    }
    .trigger svg {
      inline-size: 16px;
      block-size: 16px;
      fill: currentColor;
    }
  `,
];
