import { defineOnce } from '../shared/define.js';
import { ChatConsultationPanel } from './chat-consultation-panel.js';

/**
 * Registers `<chat-consultation-panel>` (the window calls it when it first shows a
 * consultation; the element entry registers it on load). The panel used to be fetched with
 * `import()` here, but it shares most of its code with the window: split off, it made the
 * agent page 0.5 KB larger (min+gzip, `npm run size`) for a 1.6 KB chunk, because the
 * shared code then travels in a chunk of its own. Kept async for hosts that await it.
 */
export function loadConsultationPanel(): Promise<void> {
  defineOnce('chat-consultation-panel', ChatConsultationPanel);
  return Promise.resolve();
}
