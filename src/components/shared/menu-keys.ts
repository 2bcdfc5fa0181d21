/**
 * Where focus moves in a WAI-ARIA menu for a key: Arrow Down/Up wrap around, Home/Page Up
 * go to the first item, End/Page Down to the last, and a printable character to the next
 * item starting with it. `undefined` when the key does not move focus (Enter, Escape and
 * Tab are each menu's own business). One implementation for every menu in the components.
 */
export function menuFocusIndex(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>, current: number, labels: readonly string[]): number | undefined {
  const count = labels.length;
  if (count === 0) return undefined;
  switch (event.key) {
    case 'ArrowDown':
      return (current + 1) % count;
    case 'ArrowUp':
      return (current - 1 + count) % count;
    case 'Home':
    case 'PageUp':
      return 0;
    case 'End':
    case 'PageDown':
      return count - 1;
  }
  if (event.key.length !== 1 || !/\S/u.test(event.key) || event.ctrlKey || event.metaKey || event.altKey) return undefined;
  const letter = event.key.toLocaleLowerCase();
  for (let step = 1; step <= count; step++) {
    const i = (current + step) % count;
    if (labels[i]!.trim().toLocaleLowerCase().startsWith(letter)) return i;
  }
  return undefined;
}
