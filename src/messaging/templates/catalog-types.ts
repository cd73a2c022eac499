import { type TemplateKey } from './variables.js';

export const SUPPORTED_LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

export interface CatalogTemplate {
  /**
   * SMS body without the opt-out footer, which the renderer appends. Variants run from richest to
   * shortest; the renderer sends the first whose required placeholders all have values and that fits
   * one segment.
   */
  sms: readonly [string, ...string[]];
  emailSubject: string;
  /** Paragraphs separated by blank lines; an optional section must stay inside its paragraph. */
  emailText: string;
  /** Optional: when absent, the HTML is built from emailText (escaped paragraphs, links as anchors). */
  emailHtml?: string;
}

export interface LanguagePack {
  /** Locale for dates and times when the patient's own language tag has no region. */
  defaultLocale: string;
  footers: {
    /** Ends every SMS but the opt-out confirmation. */
    optOut: string;
    /** Ends the opt-out confirmation: the one text allowed after STOP says how to come back. */
    resubscribe: string;
  };
  templates: Readonly<Record<TemplateKey, CatalogTemplate>>;
}

/** Tenant overrides: `{ [key]: { [lang]: { sms?, emailSubject?, emailText?, emailHtml? } } }`. */
export type TemplateOverride = Partial<Record<'sms' | 'emailSubject' | 'emailText' | 'emailHtml', string>>;
export type TemplateOverrides = Partial<Record<string, Partial<Record<string, TemplateOverride>>>>;
