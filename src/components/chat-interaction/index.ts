import { defineOnce } from '../shared/define.js';
// The elements a window is made of register themselves when loaded.
import '../chat-composer/index.js';
import '../chat-transcript/index.js';
import '../conference-party-menu/index.js';
import '../team-communicator/index.js';
import { ChatInteraction } from './chat-interaction.js';
import { loadConsultationPanel } from './consultation-panel-loader.js';

defineOnce('chat-interaction', ChatInteraction);
void loadConsultationPanel();

export { ChatInteraction };
export { loadConsultationPanel };
export type { ChatConsultationPanel } from './chat-consultation-panel.js';
export type { CommunicatorMode } from './chat-interaction.js';
