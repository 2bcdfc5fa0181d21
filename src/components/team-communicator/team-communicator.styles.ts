import { css } from 'lit';
import { themeTokens } from '../shared/theme.js';

/** The element's box and theme, there before its view (and the view's styles) arrive. */
export const teamCommunicatorStyles = [
  themeTokens,
  css`
    :host {
      display: flex;
      flex-direction: column;
      gap: 6px;
      box-sizing: border-box;
      min-inline-size: 280px;
      padding: 8px;
      background: var(--_bg);
      border-radius: var(--_radius);
    }
  `,
];
