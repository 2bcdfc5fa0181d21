import { defineOnce } from '../shared/define.js';
// The transcript and composer the widget is made of register themselves when loaded.
import '../chat-transcript/index.js';
import '../chat-composer/index.js';
import { ContactChat } from './contact-chat.js';

defineOnce('contact-chat', ContactChat);

export { ContactChat };

declare global {
  interface HTMLElementTagNameMap {
    'contact-chat': ContactChat;
  }
}
