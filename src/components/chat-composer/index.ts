import { defineOnce } from '../shared/define.js';
import { ChatComposer } from './chat-composer.js';

defineOnce('chat-composer', ChatComposer);

export { ChatComposer };
export { TypingNotifier, browserScheduler, type TimerScheduler } from './typing-notifier.js';

declare global {
  interface HTMLElementTagNameMap {
    'chat-composer': ChatComposer;
  }
}
