/** Whole seconds left until `expiresAt`, never negative; a partly elapsed second still counts. */
export function secondsLeft(expiresAt: number, now: number): number {
  return Math.max(0, Math.ceil((expiresAt - now) / 1000));
}

/** `m:ss`, as the countdown shows it: 25 → "0:25", 95 → "1:35". */
export function formatSeconds(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const minutes = Math.floor(whole / 60);
  return `${minutes}:${String(whole % 60).padStart(2, '0')}`;
}

/** When the preview warns, once, that the request is about to time out. */
export const WARN_AT_SECONDS = 10;
