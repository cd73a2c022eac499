/**
 * Where a template's text comes from: the tenant's override for that key and language when present
 * (field by field), else the catalog. Every text is parsed and its placeholders checked against the
 * template's allow-list before use, so an override cannot smuggle in a variable the catalog forbids.
 */
import { type CatalogTemplate, type Language, type TemplateOverride, type TemplateOverrides, SUPPORTED_LANGUAGES } from './catalog-types.js';
import { InvalidTemplateOverrideError, TemplateVariableNotAllowedError, UnknownTemplateError } from './errors.js';
import { LANGUAGE_PACKS } from './language.js';
import { parseTemplate, type Piece, placeholdersOf, TemplateSyntaxError } from './template-syntax.js';
import { allowedVariables, isTemplateKey, type TemplateKey, VARIABLE_KINDS, type VariableName } from './variables.js';

export interface TemplateSource {
  sms: readonly Piece[][];
  emailSubject: Piece[];
  emailText: Piece[][];
  /** Present only when the tenant supplied HTML; otherwise HTML is derived from emailText. */
  emailHtml?: Piece[];
}

const FIELDS = ['sms', 'emailSubject', 'emailText', 'emailHtml'] as const;

/** Parses one text and checks each placeholder: allowed for this template, and formatted per its kind. */
export function checkText(key: TemplateKey, language: string, source: string): Piece[] {
  let pieces: Piece[];
  try {
    pieces = parseTemplate(source);
  } catch (error) {
    if (error instanceof TemplateSyntaxError) throw new InvalidTemplateOverrideError(key, language, error.message);
    throw error;
  }
  const allowed = allowedVariables(key);
  for (const { name, format } of placeholdersOf(pieces)) {
    if (!allowed.has(name as VariableName)) throw new TemplateVariableNotAllowedError(key, name);
    const isDate = VARIABLE_KINDS[name as VariableName] === 'datetime';
    if (isDate !== (format !== undefined)) {
      throw new InvalidTemplateOverrideError(key, language, `{{${name}}} ${isDate ? 'needs :date or :time' : 'takes no format'}`);
    }
  }
  return pieces;
}

const paragraphs = (text: string) => text.split(/\n[ \t]*\n+/).map((p) => p.trim());

function merge(catalog: CatalogTemplate, override: TemplateOverride | undefined): CatalogTemplate {
  if (!override) return catalog;
  return {
    sms: override.sms !== undefined ? [override.sms] : catalog.sms,
    emailSubject: override.emailSubject ?? catalog.emailSubject,
    emailText: override.emailText ?? catalog.emailText,
    emailHtml: override.emailHtml ?? catalog.emailHtml,
  };
}

export function templateSource(key: TemplateKey, language: Language, overrides?: TemplateOverrides): TemplateSource {
  const text = merge(LANGUAGE_PACKS[language].templates[key], overrides?.[key]?.[language]);
  return {
    sms: text.sms.map((variant) => checkText(key, language, variant)),
    emailSubject: checkText(key, language, text.emailSubject),
    emailText: paragraphs(text.emailText).map((p) => checkText(key, language, p)),
    ...(text.emailHtml !== undefined ? { emailHtml: checkText(key, language, text.emailHtml) } : {}),
  };
}

/** Validates a whole override map, e.g. when a tenant saves it; throws the first problem found. */
export function validateTemplateOverrides(overrides: TemplateOverrides): void {
  for (const [key, byLanguage] of Object.entries(overrides)) {
    if (!isTemplateKey(key)) throw new UnknownTemplateError(key);
    for (const [language, override] of Object.entries(byLanguage ?? {})) {
      if (!SUPPORTED_LANGUAGES.includes(language as Language)) {
        throw new InvalidTemplateOverrideError(key, language, `language must be one of ${SUPPORTED_LANGUAGES.join(', ')}`);
      }
      for (const [field, value] of Object.entries(override ?? {})) {
        if (!FIELDS.includes(field as (typeof FIELDS)[number]) || typeof value !== 'string') {
          throw new InvalidTemplateOverrideError(key, language, `unknown or non-text field "${field}"`);
        }
        checkText(key, language, value);
      }
    }
  }
}
