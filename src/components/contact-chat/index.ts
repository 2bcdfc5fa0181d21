import { defineOnce } from '../shared/define.js';
// The transcript and composer the widget is made of are loaded (and register themselves)
// when the contact turns to the start form or a chat is shown: see chat-view-loader.ts.
import { ContactChat } from './contact-chat.js';

defineOnce('contact-chat', ContactChat);

export { ContactChat };

declare global {
  interface HTMLElementTagNameMap {
    'contact-chat': ContactChat;
  }
}
