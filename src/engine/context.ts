import type { EngineConfig } from './types.js';
import type { Outbox } from './deliveries.js';
import type { EngineState } from './state.js';

/** What every state change needs: the state, the settings, fresh ids and where events go. */
export interface Ctx {
  st: EngineState;
  config: EngineConfig;
  ids: () => string;
  out: Outbox;
}
