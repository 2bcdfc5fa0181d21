import { defineOnce } from '../shared/define.js';
import { ChatTranscript } from './chat-transcript.js';

defineOnce('chat-transcript', ChatTranscript);

export { ChatTranscript };
export { linkify, safeHref, isLink, LINK_SCHEMES, type Segment, type LinkSegment, type TextSegment } from './linkify.js';

declare global {
  interface HTMLElementTagNameMap {
    'chat-transcript': ChatTranscript;
  }
}
