import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { msg } from '@lit/localize';
import type { ChatError, Command, CommandResult } from '../../engine/types.js';
import type { WorkspaceStore } from '../../store/types.js';

/**
 * The run / busy / error pattern of every component that sends commands: `run` dispatches
 * to the store, `busy` holds while it is on its way (controls show aria-disabled and
 * ignore a second press), and `error` says why the last one was refused, in the words
 * `describe` gives (the engine's message by default). The host re-renders on each change.
 */
export class CommandController implements ReactiveController {
  busy = false;
  error = '';

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly getStore: () => WorkspaceStore | undefined,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /**
   * Sends `command` unless one is already on its way. Answers the result (a refusal
   * `not-connected` when there is no store), having set `error` from `describe`.
   */
  async run(command: Command, describe: (error: ChatError) => string = (e) => e.message): Promise<CommandResult> {
    const store = this.getStore();
    if (!store) {
      const error: ChatError = { code: 'not-connected', message: msg('Not connected to the workspace.') };
      this.set(false, describe(error));
      return { ok: false, error };
    }
    if (this.busy) return { ok: false, error: { code: 'invalid-state', message: msg('A command is already on its way.') } };
    this.set(true, '');
    const result = await store.dispatch(command);
    this.set(false, result.ok ? '' : describe(result.error));
    return result;
  }

  /** Forgets the last error (the user dismissed it, or the subject changed). */
  clear(): void {
    if (this.error) this.set(this.busy, '');
  }

  private set(busy: boolean, error: string): void {
    this.busy = busy;
    this.error = error;
    this.host.requestUpdate();
  }
}
