/**
 * A duration as the seed's consultation timer shows it: hh:mm:ss ("00:02:17").
 * Negative spans (a clock a little behind the engine's) read as zero rather than "-1".
 */
export function formatElapsed(ms: number): string {
  const total = Number.isFinite(ms) ? Math.max(0, Math.floor(ms / 1000)) : 0;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return [hours, minutes, seconds].map((n) => String(n).padStart(2, '0')).join(':');
}
