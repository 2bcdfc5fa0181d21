import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Redraws its host every `intervalMs` while `running()` holds — the consultation timer and
 * the preview's countdown. Checked after every update, so it starts when something starts
 * to run and stops when it ends; it stops on disconnect and starts again when the host is
 * put back in the document. No timer is left behind by a removed element.
 */
export class ClockController implements ReactiveController {
  private timer?: ReturnType<typeof setInterval>;

  constructor(
    private readonly host: ReactiveControllerHost & { readonly isConnected: boolean },
    private readonly running: () => boolean,
    private readonly intervalMs = 1000,
  ) {
    host.addController(this);
  }

  /** Whether the clock is ticking now. */
  get ticking(): boolean {
    return this.timer !== undefined;
  }

  hostConnected(): void {
    // Moved in the document: look again after the next update.
    this.host.requestUpdate();
  }

  hostUpdated(): void {
    const run = this.host.isConnected && this.running();
    if (run && this.timer === undefined) this.timer = setInterval(() => this.host.requestUpdate(), this.intervalMs);
    else if (!run) this.stop();
  }

  hostDisconnected(): void {
    this.stop();
  }

  private stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
