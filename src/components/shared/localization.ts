import { configureLocalization, LOCALE_STATUS_EVENT, type LocaleModule } from '@lit/localize';
import { sourceLocale, targetLocales } from '../locales/locale-codes.js';

/*
 * The UI's language. Components mark strings with `msg()` and are `@localized()`.
 *
 * @lit/localize can be configured once per page, and a host that uses it for its own UI
 * must be the one to do it, so importing the components configures nothing: they show
 * English (the source, with the seed's words) and format numbers and times in the
 * document's `lang`. Hosts opt in to our translations in one of two ways:
 * - `useWorkspaceChatLocalization()` (or a first `setLocale()`): we configure @lit/localize
 *   and, unless told otherwise, follow `<html lang>` as it changes;
 * - a host that configures @lit/localize itself merges ours into its `loadLocale` with
 *   `loadWorkspaceChatTranslations(locale)`; the components then follow the host's locale.
 */

/*
 * One static import per locale: bundlers resolve a template-string import against files on
 * disk, and the sources are `.ts`, so `../locales/${locale}.js` would find nothing in a
 * bundle. A new target locale gets a line here.
 */
const LOADERS: Record<(typeof targetLocales)[number], () => Promise<LocaleModule>> = {
  fr: () => import('../locales/fr.js'),
};

/** @lit/localize was configured before `useWorkspaceChatLocalization()` (by the host, usually). */
export class LocalizationConflictError extends Error {
  override name = 'LocalizationConflictError';
}

export interface WorkspaceChatLocalizationOptions {
  /** Follow `<html lang>` (and its later changes). Default true; `setLocale()` stops it. */
  followDocumentLang?: boolean;
}

export interface WorkspaceChatLocalization {
  getLocale(): string;
  setLocale(locale: string): Promise<void>;
}

let configured: ReturnType<typeof configureLocalization> | undefined;
let hostLocale: string | undefined;
let documentObserver: MutationObserver | undefined;

// Whoever configured @lit/localize, it announces each locale it finishes loading.
if (typeof window !== 'undefined') {
  window.addEventListener(LOCALE_STATUS_EVENT, (event) => {
    if (event.detail.status === 'ready') hostLocale = event.detail.readyLocale;
  });
}

/** Our translations for `locale` ('fr', 'fr-CA', …), or undefined when we have none (English is the source). */
export function loadWorkspaceChatTranslations(locale: string): Promise<LocaleModule | undefined> {
  const matched = matchLocale(locale);
  return matched === sourceLocale ? Promise.resolve(undefined) : LOADERS[matched as keyof typeof LOADERS]();
}

/** The locale we have translations for that best fits a BCP 47 tag: 'fr-CA' → 'fr'; unknown → 'en'. */
export function matchLocale(tag: string): string {
  const lower = tag.trim().toLowerCase();
  const known: readonly string[] = targetLocales;
  if (known.includes(lower)) return lower;
  const language = lower.split('-')[0]!;
  return known.includes(language) ? language : sourceLocale;
}

function configure(): ReturnType<typeof configureLocalization> {
  if (configured) return configured;
  try {
    configured = configureLocalization({
      sourceLocale,
      targetLocales,
      loadLocale: (locale) => {
        const load = LOADERS[locale as keyof typeof LOADERS];
        if (!load) return Promise.reject(new Error(`No translations for locale "${locale}"; known: ${targetLocales.join(', ')}.`));
        return load();
      },
    });
  } catch (error) {
    throw new LocalizationConflictError(
      '@lit/localize is already configured on this page (by the host, most likely), so workspace-chat cannot configure it. ' +
        "Keep your configuration and add our translations to your loadLocale with loadWorkspaceChatTranslations(locale) from 'workspace-chat/components'.",
      { cause: error },
    );
  }
  return configured;
}

function documentLang(): string | undefined {
  return typeof document === 'undefined' ? undefined : document.documentElement.lang || undefined;
}

function followDocumentLang(api: ReturnType<typeof configureLocalization>): void {
  if (documentObserver || typeof document === 'undefined') return;
  const apply = () => void api.setLocale(matchLocale(documentLang() ?? sourceLocale)).catch(() => {});
  documentObserver = new MutationObserver(apply);
  documentObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  apply();
}

/**
 * Opts in to workspace-chat's translations: configures @lit/localize for them (throws
 * `LocalizationConflictError` if the page already did) and follows `<html lang>` unless
 * `followDocumentLang` is false. Calling it again returns the same functions.
 */
export function useWorkspaceChatLocalization(options: WorkspaceChatLocalizationOptions = {}): WorkspaceChatLocalization {
  const api = configure();
  if (options.followDocumentLang ?? true) followDocumentLang(api);
  return { getLocale, setLocale };
}

/** Shows the components in `locale` (configuring our translations on first use) and stops following `<html lang>`. */
export function setLocale(locale: string): Promise<void> {
  documentObserver?.disconnect();
  documentObserver = undefined;
  return configure().setLocale(locale);
}

/**
 * The locale the components render and format in: ours once configured, else the one the
 * host's @lit/localize last loaded, else `<html lang>`, else English.
 */
export function getLocale(): string {
  return configured?.getLocale() ?? hostLocale ?? documentLang() ?? sourceLocale;
}

export { sourceLocale, targetLocales };
