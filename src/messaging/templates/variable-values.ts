/**
 * Checks the variables handed to the renderer against the template's allow-list and each variable's
 * kind, and formats date-times on the patient's wall clock in the patient's locale.
 */
import { inZone } from '../local-time.js';
import { InvalidTemplateVariableError, MissingTemplateVariableError, TemplateVariableNotAllowedError } from './errors.js';
import { allowedVariables, requiredVariables, type TemplateKey, VARIABLE_KINDS, type VariableName } from './variables.js';

export type FormatStyle = 'short' | 'long';
export type ValueFormat = 'date' | 'time' | undefined;

export type CheckedVariables = ReadonlyMap<VariableName, string | Date>;

const MAX_TEXT_LENGTH = 120;
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

function checkValue(key: TemplateKey, name: VariableName, value: unknown): string | Date {
  const kind = VARIABLE_KINDS[name];
  const invalid = (reason: string) => new InvalidTemplateVariableError(key, name, reason);
  if (kind === 'datetime') {
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw invalid('expected a valid Date');
    return value;
  }
  if (typeof value !== 'string') throw invalid('expected a string');
  const text = value.trim();
  if (kind === 'reference') {
    if (!REFERENCE.test(text)) throw invalid('expected an opaque reference of letters, digits, - and _');
    return text;
  }
  if (/\p{Cc}/u.test(text)) throw invalid('control characters are not allowed');
  if (kind === 'url') {
    if (!URL.canParse(text) || !['https:', 'http:'].includes(new URL(text).protocol)) throw invalid('expected an http(s) URL');
    return text;
  }
  if (text.length > MAX_TEXT_LENGTH) throw invalid(`longer than ${MAX_TEXT_LENGTH} characters`);
  return text;
}

/**
 * Rejects variables outside the allow-list and missing required ones; drops optional ones given as
 * null, undefined or blank, so the template's optional sections fall away.
 */
export function checkVariables(key: TemplateKey, variables: Readonly<Record<string, unknown>>): CheckedVariables {
  const allowed = allowedVariables(key);
  const checked = new Map<VariableName, string | Date>();
  for (const [name, value] of Object.entries(variables)) {
    if (!allowed.has(name as VariableName)) throw new TemplateVariableNotAllowedError(key, name);
    if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) continue;
    checked.set(name as VariableName, checkValue(key, name as VariableName, value));
  }
  for (const name of requiredVariables(key)) {
    if (!checked.has(name)) throw new MissingTemplateVariableError(key, name);
  }
  return checked;
}

const DATE_FORMATS: Readonly<Record<FormatStyle, Intl.DateTimeFormatOptions>> = {
  short: { weekday: 'short', month: 'short', day: 'numeric' },
  long: { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' },
};
const TIME_FORMAT: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit' };

/** A value as text: date-times need a format ('date' or 'time') and are shown in the patient's zone. */
export function formatValue(
  value: string | Date,
  format: ValueFormat,
  options: { timeZone: string; locale: string; style: FormatStyle },
): string {
  if (typeof value === 'string') return value;
  const local = inZone(value, options.timeZone).setLocale(options.locale);
  const text = format === 'time' ? local.toLocaleString(TIME_FORMAT) : local.toLocaleString(DATE_FORMATS[options.style]);
  // ICU versions differ on (narrow) no-break spaces in "9:30 AM"; plain spaces keep output stable and GSM-7.
  return text.replace(/[\u00A0\u2009\u202F]/g, ' ');
}
