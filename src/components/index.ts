// `workspace-chat/components`: importing it registers every element under its default tag
// (unless that tag is taken) and exports the classes, so a host can register other names.
export * from './chat-interaction/index.js';
// The whole set loads the consultation panel up front and exports its class too.
export { ChatConsultationPanel } from './chat-interaction/chat-consultation-panel.js';
import { ChatConsultationPanel } from './chat-interaction/chat-consultation-panel.js';
import { defineOnce } from './shared/define.js';
defineOnce('chat-consultation-panel', ChatConsultationPanel);
export * from './chat-transcript/index.js';
export * from './chat-composer/index.js';
export * from './conference-party-menu/index.js';
export * from './interaction-preview/index.js';
export * from './team-communicator/index.js';
export { TargetLists, RECENT_LIMIT, targetListsKey } from './team-communicator/favorites.js';
export { actionsFor, TEAM_COMMUNICATOR_MODES } from './team-communicator/target-actions.js';
export * from './contact-chat/index.js';
export * from './workspace-provider/index.js';
// Registering under a host's own tag names (also `workspace-chat/components/define`, which registers nothing on import).
export * from './define.js';
export { StoreElement } from './shared/store-element.js';
// For hosts writing elements of their own on the store (moved here from workspace-chat/store).
export { KeyedSelectController, SelectController } from './shared/select-controller.js';
export { workspaceStoreContext } from './shared/context.js';
export { workspaceEvent, WORKSPACE_EVENT_NAMES, type WorkspaceEventMap, type WorkspaceEventName, type WorkspaceDomEventMap } from './shared/events.js';
export { themeTokens } from './shared/theme.js';
export {
  getLocale,
  setLocale,
  sourceLocale,
  targetLocales,
  useWorkspaceChatLocalization,
  loadWorkspaceChatTranslations,
  matchLocale,
  LocalizationConflictError,
  type WorkspaceChatLocalization,
  type WorkspaceChatLocalizationOptions,
} from './shared/localization.js';
