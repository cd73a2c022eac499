/**
 * Chooses the message language: the patient's, else the tenant default, else English. Dates keep the
 * region of whichever tag was chosen ("es-MX" formats the Mexican way), else the language's default.
 */
import { ES } from './catalog-es.js';
import { EN } from './catalog-en.js';
import { type Language, type LanguagePack, SUPPORTED_LANGUAGES } from './catalog-types.js';

export const LANGUAGE_PACKS: Readonly<Record<Language, LanguagePack>> = { en: EN, es: ES };

export interface LanguageChoice {
  language: Language;
  locale: string;
}

function supported(tag: string | null | undefined): LanguageChoice | undefined {
  if (!tag) return undefined;
  let canonical: string;
  try {
    canonical = Intl.getCanonicalLocales(tag.trim().replace(/_/g, '-'))[0] ?? '';
  } catch {
    return undefined; // not a BCP 47 tag: fall through to the next choice
  }
  const primary = canonical.split('-')[0]?.toLowerCase();
  const language = SUPPORTED_LANGUAGES.find((l) => l === primary);
  if (!language) return undefined;
  return { language, locale: canonical.includes('-') ? canonical : LANGUAGE_PACKS[language].defaultLocale };
}

export function pickLanguage(patientLanguage?: string | null, tenantDefaultLanguage?: string | null): LanguageChoice {
  return supported(patientLanguage) ?? supported(tenantDefaultLanguage) ?? { language: 'en', locale: EN.defaultLocale };
}
