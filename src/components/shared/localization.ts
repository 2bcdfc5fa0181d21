import { configureLocalization } from '@lit/localize';
import { sourceLocale, targetLocales } from '../locales/locale-codes.js';

/**
 * One place for the UI's language. Components mark strings with `msg()` and are
 * `@localized()`; a host calls `setLocale('fr')` and every component re-renders.
 * English is the source; the seed's words are its default labels.
 */
export const { getLocale, setLocale } = configureLocalization({
  sourceLocale,
  targetLocales,
  loadLocale: (locale) => import(`../locales/${locale}.js`),
});

export { sourceLocale, targetLocales };
