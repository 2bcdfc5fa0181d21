/**
 * Whether `event` is the combination `spec` ("Alt+Shift+R"); without an event, whether
 * `spec` is a usable combination at all (`none` or empty is not).
 */
export function shortcutMatches(spec: string, event?: KeyboardEvent): boolean {
  const parts = spec.split('+').map((p) => p.trim()).filter(Boolean);
  const key = parts.pop();
  if (!key || spec.trim().toLowerCase() === 'none') return false;
  const mods = new Set(parts.map((p) => p.toLowerCase()));
  if (!event) return true;
  const sameKey = event.key.toLowerCase() === key.toLowerCase() || event.code.toLowerCase() === `key${key.toLowerCase()}`;
  return (
    sameKey &&
    event.altKey === mods.has('alt') &&
    event.shiftKey === mods.has('shift') &&
    event.ctrlKey === (mods.has('control') || mods.has('ctrl')) &&
    event.metaKey === mods.has('meta')
  );
}
