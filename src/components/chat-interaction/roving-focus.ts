/**
 * Keyboard movement inside a toolbar (WAI-ARIA toolbar pattern): the toolbar is one Tab
 * stop and the arrow keys, Home and End move between its enabled buttons, wrapping.
 * Left and Right follow the reading direction, so in right-to-left Left moves forward.
 *
 * Returns the index of the button to focus, or undefined when the key is not ours.
 */
export function nextToolbarIndex(key: string, current: number, enabled: readonly boolean[], rtl: boolean): number | undefined {
  const usable = enabled.map((on, i) => (on ? i : -1)).filter((i) => i >= 0);
  if (usable.length === 0) return undefined;
  const forward = rtl ? 'ArrowLeft' : 'ArrowRight';
  const backward = rtl ? 'ArrowRight' : 'ArrowLeft';
  const at = usable.indexOf(current);
  switch (key) {
    case forward:
      return usable[at < 0 ? 0 : (at + 1) % usable.length];
    case backward:
      return usable[at < 0 ? usable.length - 1 : (at - 1 + usable.length) % usable.length];
    case 'Home':
      return usable[0];
    case 'End':
      return usable[usable.length - 1];
    default:
      return undefined;
  }
}
