import { assertTimeZone } from '../local-time.js';
import { type Language, type TemplateOverrides } from './catalog-types.js';
import { UnknownTemplateError } from './errors.js';
import { pickLanguage } from './language.js';
import { templateSource, type TemplateSource } from './template-source.js';
import { checkVariables, type CheckedVariables, formatValue, type FormatStyle } from './variable-values.js';
import { isTemplateKey, type TemplateKey, type VariableName } from './variables.js';

export interface RenderContext {
  /** IANA zone of the recipient; date-times are shown on this wall clock. */
  timeZone: string;
  /** Recipient's preferred language tag, e.g. "es-MX"; falls back to the tenant default, then English. */
  language?: string | null;
  tenantDefaultLanguage?: string | null;
  overrides?: TemplateOverrides;
}

export interface PreparedRender {
  key: TemplateKey;
  language: Language;
  source: TemplateSource;
  variables: CheckedVariables;
  /** Text of a variable (date-times formatted), or undefined when it has no value. */
  value(name: string, format: 'date' | 'time' | undefined, style: FormatStyle): string | undefined;
}

/** The steps SMS and email share: key, language, variables and source text, all checked. */
export function prepareRender(key: string, variables: Readonly<Record<string, unknown>>, context: RenderContext): PreparedRender {
  if (!isTemplateKey(key)) throw new UnknownTemplateError(key);
  assertTimeZone(context.timeZone);
  const { language, locale } = pickLanguage(context.language, context.tenantDefaultLanguage);
  const checked = checkVariables(key, variables);
  return {
    key,
    language,
    source: templateSource(key, language, context.overrides),
    variables: checked,
    value(name, format, style) {
      const raw = checked.get(name as VariableName);
      return raw === undefined ? undefined : formatValue(raw, format, { timeZone: context.timeZone, locale, style });
    },
  };
}
