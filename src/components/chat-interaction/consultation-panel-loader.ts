import { defineOnce } from '../shared/define.js';
import { ChatConsultationPanel } from './chat-consultation-panel.js';

const defined = new Set<string>();

/**
 * Registers `<chat-consultation-panel>` (under the window's tag prefix, if it has one) the
 * first time a window shows a consultation; the default element entry registers it on load.
 * The panel used to be fetched with `import()` here, but it shares most of its code with the
 * window: split off, it made the agent page 0.5 KB larger (min+gzip, `npm run size`) for a
 * 1.6 KB chunk, because the shared code then travels in a chunk of its own. Kept async for
 * hosts that await it.
 */
export function loadConsultationPanel(prefix = ''): Promise<void> {
  if (!defined.has(prefix)) {
    defined.add(prefix);
    defineOnce(
      prefix + 'chat-consultation-panel',
      prefix
        ? class extends ChatConsultationPanel {
            static tagPrefix = prefix;
          }
        : ChatConsultationPanel,
    );
  }
  return Promise.resolve();
}
