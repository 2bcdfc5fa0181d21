import { defineOnce } from '../shared/define.js';

const loading: Record<string, Promise<void>> = {};

/**
 * Loads and registers `<chat-consultation-panel>` (under the window's tag prefix, if it has
 * one) the first time a window shows a consultation. Most chats have none, so the panel's code
 * is not in the page until one starts; the panel element upgrades in place when it arrives.
 */
export function loadConsultationPanel(prefix = ''): Promise<void> {
  return (loading[prefix] ??= import('./chat-consultation-panel.js').then(
    ({ ChatConsultationPanel }) =>
      defineOnce(
        prefix + 'chat-consultation-panel',
        prefix
          ? class extends ChatConsultationPanel {
              static tagPrefix = prefix;
            }
          : ChatConsultationPanel,
      ),
    (error: unknown) => {
      // A later consultation tries again rather than keep a failed load forever.
      delete loading[prefix];
      throw error;
    },
  ));
}
