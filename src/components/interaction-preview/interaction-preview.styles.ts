import { css } from 'lit';
import { themeTokens } from '../shared/theme.js';

/** The element's box and theme; the request's styles come with its view (preview-view.styles.ts). */
export const styles = [
  themeTokens,
  css`
    :host {
      display: block;
      max-inline-size: var(--wc-preview-width, 360px);
    }
  `,
];
