/**
 * SMS length, counted the way carriers count it.
 *
 * Decision: we fold text to the GSM-7 alphabet before measuring and sending. A single character outside
 * GSM-7 (Spanish á í ó ú, a typographic apostrophe, the narrow no-break space ICU puts in "9:30 AM")
 * switches the whole message to UCS-2, where one segment holds 70 characters instead of 160. Folding keeps
 * the letters GSM-7 already has (é ñ ü ¿ ¡) and drops only the accent of the others ("más" -> "mas"),
 * which Spanish readers understand, so Spanish texts keep the full 160. Characters with no GSM-7 form
 * (emoji, non-Latin scripts) are left alone and the message is measured as UCS-2 (70).
 * Segment arithmetic comes from Twilio's own calculator (sms-segments-calculator).
 */
import { SegmentedMessage } from 'sms-segments-calculator';

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsMeasure {
  encoding: SmsEncoding;
  /** GSM-7 septets (extension characters such as € count 2) or UCS-2 code units. */
  units: number;
  segments: number;
}

export const SINGLE_SEGMENT_UNITS: Readonly<Record<SmsEncoding, number>> = { 'GSM-7': 160, 'UCS-2': 70 };

const TYPOGRAPHIC: Readonly<Record<string, string>> = {
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u2032': "'", '\u00B4': "'",
  '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u00AB': '"', '\u00BB': '"',
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2212': '-',
  '\u2026': '...', '\u2022': '-',
};

const gsmCache = new Map<string, boolean>();

function isGsm7(char: string): boolean {
  let known = gsmCache.get(char);
  if (known === undefined) {
    known = new SegmentedMessage(char).encodingName === 'GSM-7';
    gsmCache.set(char, known);
  }
  return known;
}

function foldChar(char: string): string {
  if (isGsm7(char)) return char;
  if (/\s/u.test(char)) return ' ';
  const typographic = TYPOGRAPHIC[char];
  if (typographic !== undefined) return typographic;
  const bare = char.normalize('NFD').replace(/\p{M}/gu, '');
  return bare !== '' && [...bare].every(isGsm7) ? bare : char;
}

export function foldToGsm7(text: string): string {
  return Array.from(text.normalize('NFC'), foldChar).join('');
}

export function measureSms(text: string): SmsMeasure {
  const message = new SegmentedMessage(text);
  const encoding = message.encodingName;
  return { encoding, units: message.messageSize / (encoding === 'GSM-7' ? 7 : 16), segments: message.segmentsCount };
}
