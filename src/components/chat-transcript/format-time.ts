import { getLocale } from '../shared/localization.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A clock time with seconds in the current UI locale ("6:29:28 PM" in English). */
export function formatTime(at: number): string {
  const locale = getLocale();
  let formatter = formatters.get(locale);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { timeStyle: 'medium' });
    formatters.set(locale, formatter);
  }
  return formatter.format(at);
}
