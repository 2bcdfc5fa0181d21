import { defineOnce } from '../shared/define.js';
// The elements a window is made of register themselves when loaded.
import '../chat-composer/index.js';
import '../chat-transcript/index.js';
import '../conference-party-menu/index.js';
import '../team-communicator/index.js';
import { ChatInteraction } from './chat-interaction.js';
import { ChatConsultationPanel } from './chat-consultation-panel.js';

defineOnce('chat-consultation-panel', ChatConsultationPanel);
defineOnce('chat-interaction', ChatInteraction);

export { ChatInteraction, ChatConsultationPanel };
export type { CommunicatorMode } from './chat-interaction.js';
