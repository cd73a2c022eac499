/**
 * Renders a template as one SMS segment, ending with the opt-out footer.
 *
 * The footer is appended here, not written in each template, so no text (catalog or tenant override)
 * can go out without it. The one exception is the opt-out confirmation, which ends with how to opt back
 * in instead: after STOP, telling someone how to STOP is noise.
 */
import { MissingTemplateVariableError, SmsTooLongError } from './errors.js';
import { LANGUAGE_PACKS } from './language.js';
import { prepareRender, type RenderContext } from './render-context.js';
import { foldToGsm7, measureSms, type SmsEncoding } from './sms-encoding.js';
import { collapseDoubledPeriods, placeholdersOf, renderPieces } from './template-syntax.js';
import { type TemplateKey, type TemplateVariables, type VariableName } from './variables.js';
import { type Language } from './catalog-types.js';

export interface RenderedSms {
  key: TemplateKey;
  language: Language;
  body: string;
  encoding: SmsEncoding;
  /** GSM-7 septets or UCS-2 code units; always within one segment. */
  units: number;
}

function withFooter(body: string, footer: string): string {
  const tidy = collapseDoubledPeriods(body.replace(/[ \t]+/g, ' ').trim());
  return tidy.endsWith(footer) ? tidy : `${tidy} ${footer}`;
}

export function renderSms<K extends TemplateKey>(key: K, variables: TemplateVariables<K>, context: RenderContext): RenderedSms {
  const prepared = prepareRender(key, variables, context);
  const { footers } = LANGUAGE_PACKS[prepared.language];
  const footer = prepared.key === 'messaging.opt-out-confirmation' ? footers.resubscribe : footers.optOut;
  let tooLong: SmsTooLongError | undefined; // reported for the last (shortest) variant tried
  for (const variant of prepared.source.sms) {
    const body = renderPieces(variant, { literal: (t) => t, value: (name, format) => prepared.value(name, format, 'short') });
    if (body === undefined) continue; // this variant needs an optional variable we do not have
    const text = foldToGsm7(withFooter(body, footer));
    const measure = measureSms(text);
    if (measure.segments === 1) {
      return { key: prepared.key, language: prepared.language, body: text, encoding: measure.encoding, units: measure.units };
    }
    tooLong = new SmsTooLongError(prepared.key, prepared.language, measure.units, measure.encoding);
  }
  if (tooLong) throw tooLong;
  const missing = placeholdersOf(prepared.source.sms[0] ?? []).find((p) => !p.optional && !prepared.variables.has(p.name as VariableName));
  throw new MissingTemplateVariableError(prepared.key, missing?.name ?? 'unknown');
}
