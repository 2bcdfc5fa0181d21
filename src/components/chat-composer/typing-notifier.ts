import type { SessionId } from '../../engine/types.js';

/** Timers the typing notifier runs on; tests pass a fake to advance time by hand. */
export interface TimerScheduler {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const browserScheduler: TimerScheduler = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Tells others when this user types: `true` once when typing starts, `false` after
 * `idleMs` without input, or at once on send, blur, an emptied box or a change of
 * session. Never repeats `true` while typing goes on, so a fast typist sends two
 * commands per burst, not one per key.
 */
export class TypingNotifier {
  private typingIn?: SessionId;
  private timer: unknown;

  constructor(
    private readonly notify: (sessionId: SessionId, typing: boolean) => void,
    public scheduler: TimerScheduler = browserScheduler,
    public idleMs = 3000,
  ) {}

  get typing(): boolean {
    return this.typingIn !== undefined;
  }

  /** The user changed the text of `sessionId`'s box; `empty` when nothing is left in it. */
  input(sessionId: SessionId, empty: boolean): void {
    if (empty) return this.stop();
    if (this.typingIn !== undefined && this.typingIn !== sessionId) this.stop();
    if (this.typingIn === undefined) {
      this.typingIn = sessionId;
      this.notify(sessionId, true);
    }
    this.clearTimer();
    this.timer = this.scheduler.setTimeout(() => {
      this.timer = undefined;
      this.stop();
    }, this.idleMs);
  }

  /** Typing is over (sent, blurred, emptied, idle, or the session changed). */
  stop(): void {
    this.clearTimer();
    const sessionId = this.typingIn;
    if (sessionId === undefined) return;
    this.typingIn = undefined;
    this.notify(sessionId, false);
  }

  private clearTimer(): void {
    if (this.timer === undefined) return;
    this.scheduler.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
