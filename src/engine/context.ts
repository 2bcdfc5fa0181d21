import type { EngineConfig } from './types.js';
import type { Outbox } from './deliveries.js';
import type { EngineState, SessionRec } from './state.js';

/** What every state change needs: the state, the settings, fresh ids and where events go. */
export interface Ctx {
  st: EngineState;
  config: EngineConfig;
  ids: () => string;
  out: Outbox;
  /** Sessions this call ended or closed for someone: evicted at the end of the call once everyone is through with them. */
  touched: Set<SessionRec>;
}
