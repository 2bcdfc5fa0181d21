import { configureLocalization } from '@lit/localize';
import { sourceLocale, targetLocales } from '../locales/locale-codes.js';

/**
 * One place for the UI's language. Components mark strings with `msg()` and are
 * `@localized()`; a host calls `setLocale('fr')` and every component re-renders.
 * English is the source; the seed's words are its default labels.
 */
/*
 * One static import per locale: bundlers (Vite, Rollup) resolve a template-string import
 * against files on disk, and the sources are `.ts`, so `../locales/${locale}.js` would
 * find nothing in a bundle ("Unknown variable dynamic import"). A new target locale gets
 * a line here.
 */
const LOADERS: Record<(typeof targetLocales)[number], () => Promise<import('@lit/localize').LocaleModule>> = {
  fr: () => import('../locales/fr.js'),
};

export const { getLocale, setLocale } = configureLocalization({
  sourceLocale,
  targetLocales,
  loadLocale: (locale) => {
    const load = LOADERS[locale as keyof typeof LOADERS];
    if (!load) return Promise.reject(new Error(`No translations for locale "${locale}"; known: ${targetLocales.join(', ')}.`));
    return load();
  },
});

export { sourceLocale, targetLocales };
