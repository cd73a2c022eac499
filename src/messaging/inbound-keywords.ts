/**
 * Classifies an inbound SMS reply.
 *
 * Exact keywords follow the carriers' rules: the whole (normalised) body must be the keyword, the way
 * Twilio Advanced Opt-Out and the CTIA handbook match them. CANCEL is a carrier opt-out keyword, so it
 * never cancels an appointment; X / NO / N do. Anything else is checked against the "reasonable means"
 * opt-out detector (TCPA, FCC 2024 order) before it is treated as free text for staff.
 */
import { isReasonableMeansOptOut, mentionsOptOutWord } from './reasonable-opt-out.js';

export type InboundIntent = 'opt-out' | 'opt-in' | 'help' | 'confirm' | 'decline' | 'reschedule' | 'free-text';

export interface InboundClassification {
  intent: InboundIntent;
  /** The matched keyword (upper case) for exact keyword matches. */
  keyword?: string;
  /** True when the opt-out was recognised from a phrase rather than an exact keyword. */
  viaReasonableMeans: boolean;
  /**
   * Free text that contains an opt-out word without being a clear opt-out ("cancel my appointment").
   * The FCC allows one clarifying text for such replies; staff should see them.
   */
  mentionsOptOutWord: boolean;
}

const KEYWORDS: ReadonlyMap<string, Exclude<InboundIntent, 'free-text'>> = new Map([
  ...['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'].map((k) => [k, 'opt-out'] as const),
  ...['START', 'UNSTOP'].map((k) => [k, 'opt-in'] as const),
  ...['HELP', 'INFO'].map((k) => [k, 'help'] as const),
  // SI is the Spanish "yes": our Spanish templates ask for C, but patients answer in their own words.
  ...['C', 'YES', 'Y', 'SI'].map((k) => [k, 'confirm'] as const),
  ...['X', 'NO', 'N'].map((k) => [k, 'decline'] as const),
  ...['R'].map((k) => [k, 'reschedule'] as const),
]);

/** Opt-out keywords as carriers know them, for building confirmation texts or tests. */
export const OPT_OUT_KEYWORDS: readonly string[] = [...KEYWORDS].filter(([, i]) => i === 'opt-out').map(([k]) => k);

/**
 * Upper-cases, folds accents and full-width forms, and strips the punctuation and whitespace that phones
 * and people add around a keyword ("Stop.", " yes! ", "Sí"). Inner whitespace collapses to one space.
 */
export function normalizeInboundBody(body: string): string {
  return body
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[\s\u200B-\u200D\uFEFF]+/gu, ' ')
    .replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '');
}

export function classifyInbound(body: string): InboundClassification {
  const normalized = normalizeInboundBody(body);
  const intent = KEYWORDS.get(normalized);
  if (intent) return { intent, keyword: normalized, viaReasonableMeans: false, mentionsOptOutWord: intent === 'opt-out' };
  if (isReasonableMeansOptOut(body)) return { intent: 'opt-out', viaReasonableMeans: true, mentionsOptOutWord: true };
  return { intent: 'free-text', viaReasonableMeans: false, mentionsOptOutWord: mentionsOptOutWord(body) };
}
