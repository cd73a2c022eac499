import { readDelimiters, splitSegments, trimMessageStart } from './delimiters.js';
import { unescapeHl7 } from './escape.js';

/**
 * The routing fields of an MSH, read leniently: enough to identify the sender (which tenant it
 * belongs to) and the message control ID (de-duplication) even when the rest of the message is
 * broken. A message whose body cannot be parsed must still be stored under its sender, and its
 * retransmission recognised; the full parser would refuse it before reaching these fields.
 */
export interface Hl7HeaderPeek {
  /** MSH-3 (HD namespace, else universal ID). */
  sendingApplication?: string;
  /** MSH-4 (HD namespace, else universal ID): the allow-listed sender. */
  sendingFacility?: string;
  /** MSH-6 (HD namespace, else universal ID): lets one lab serve several tenants. */
  receivingFacility?: string;
  /** MSH-9, e.g. ORU^R01^ORU_R01, as sent. */
  messageType?: string;
  /** MSH-10. */
  messageControlId?: string;
}

/** Returns undefined when there is no MSH with usable delimiters (nothing can be attributed). */
export function peekHl7Header(raw: string): Hl7HeaderPeek | undefined {
  const text = trimMessageStart(raw.startsWith('\x0b') ? raw.slice(1) : raw);
  let delimiters;
  try {
    delimiters = readDelimiters(text);
  } catch {
    return undefined;
  }
  // parts[0] is "MSH" and parts[1] is MSH-2, so MSH-n sits at parts[n - 1].
  const parts = (splitSegments(text)[0] ?? '').split(delimiters.field);
  const field = (index: number): string | undefined => {
    const value = parts[index - 1];
    return value === undefined || value === '' ? undefined : value;
  };
  const component = (value: string | undefined, index: number): string | undefined => {
    const part = value?.split(delimiters.repetition)[0]?.split(delimiters.component)[index - 1];
    return part === undefined || part === '' ? undefined : unescapeHl7(part, delimiters);
  };
  const hd = (index: number): string | undefined => component(field(index), 1) ?? component(field(index), 2);
  const controlId = field(10);
  return {
    sendingApplication: hd(3),
    sendingFacility: hd(4),
    receivingFacility: hd(6),
    messageType: field(9),
    messageControlId: controlId === undefined ? undefined : unescapeHl7(controlId, delimiters),
  };
}
