import { defineOnce } from '../shared/define.js';
import { InteractionPreview } from './interaction-preview.js';

defineOnce('interaction-preview', InteractionPreview);

export { InteractionPreview };

declare global {
  interface HTMLElementTagNameMap {
    'interaction-preview': InteractionPreview;
  }
}
