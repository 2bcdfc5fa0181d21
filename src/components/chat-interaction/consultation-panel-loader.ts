import { defineOnce } from '../shared/define.js';

let loading: Promise<void> | undefined;

/**
 * Loads and registers `<chat-consultation-panel>` the first time a window shows a
 * consultation. Most chats have none, so the panel's code is not in the page until one
 * starts; the panel element upgrades in place when it arrives.
 */
export function loadConsultationPanel(): Promise<void> {
  loading ??= import('./chat-consultation-panel.js').then(
    ({ ChatConsultationPanel }) => defineOnce('chat-consultation-panel', ChatConsultationPanel),
    (error: unknown) => {
      // A later consultation tries again rather than keep a failed load forever.
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
