import { defineOnce } from '../shared/define.js';
// The elements a window is made of register themselves when loaded; the consultation
// panel is loaded by the window when it first shows a consultation.
import '../chat-composer/index.js';
import '../chat-transcript/index.js';
import '../conference-party-menu/index.js';
import '../team-communicator/index.js';
import { ChatInteraction } from './chat-interaction.js';

defineOnce('chat-interaction', ChatInteraction);

export { ChatInteraction };
export { loadConsultationPanel } from './consultation-panel-loader.js';
export type { ChatConsultationPanel } from './chat-consultation-panel.js';
export type { CommunicatorMode } from './chat-interaction.js';
