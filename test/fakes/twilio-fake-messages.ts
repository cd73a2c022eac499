/**
 * Message records of the Twilio fake and their JSON, shaped like Twilio's 2010-04-01 Message resource.
 */
import { randomBytes } from 'node:crypto';

export interface FakeTwilioMessage {
  sid: string;
  accountSid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  status: string;
  statusCallback: string | null;
  errorCode: number | null;
  dateCreated: Date;
  dateSent: Date | null;
  dateUpdated: Date;
}

export const newSid = (prefix: 'SM' | 'MG' | 'AC' | 'PN') => `${prefix}${randomBytes(16).toString('hex')}`;

/** Twilio's RFC 2822 form: "Tue, 10 Jun 2025 13:30:00 +0000". */
export const rfc2822 = (date: Date) => date.toUTCString().replace('GMT', '+0000');

export function messagesPath(accountSid: string): string {
  return `/2010-04-01/Accounts/${accountSid}/Messages`;
}

export function messageJson(m: FakeTwilioMessage): Record<string, unknown> {
  const uri = `${messagesPath(m.accountSid)}/${m.sid}`;
  return {
    account_sid: m.accountSid,
    api_version: '2010-04-01',
    body: m.body,
    date_created: rfc2822(m.dateCreated),
    date_sent: m.dateSent ? rfc2822(m.dateSent) : null,
    date_updated: rfc2822(m.dateUpdated),
    direction: 'outbound-api',
    error_code: m.errorCode,
    error_message: null,
    from: m.from,
    messaging_service_sid: m.messagingServiceSid,
    num_media: '0',
    num_segments: '1',
    price: null,
    price_unit: 'USD',
    sid: m.sid,
    status: m.status,
    subresource_uris: { media: `${uri}/Media.json`, feedback: `${uri}/Feedback.json` },
    to: m.to,
    uri: `${uri}.json`,
  };
}

function parseFilterDate(value: string): Date {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) throw new RangeError('bad date filter');
  return date;
}

const sameUtcDay = (a: Date, b: Date) => a.toISOString().slice(0, 10) === b.toISOString().slice(0, 10);

/** Twilio's list filters: To, From, DateSent (that day), DateSent< (before), DateSent> (on or after). */
export function filterMessages(all: readonly FakeTwilioMessage[], query: URLSearchParams): FakeTwilioMessage[] {
  const to = query.get('To');
  const from = query.get('From');
  const on = query.get('DateSent');
  const before = query.get('DateSent<');
  const after = query.get('DateSent>');
  return all
    .filter((m) => (to === null || m.to === to) && (from === null || m.from === from))
    .filter((m) => on === null || (m.dateSent !== null && sameUtcDay(m.dateSent, parseFilterDate(on))))
    .filter((m) => before === null || (m.dateSent !== null && m.dateSent < parseFilterDate(before)))
    .filter((m) => after === null || (m.dateSent !== null && m.dateSent >= parseFilterDate(after)))
    .sort((a, b) => b.dateCreated.getTime() - a.dateCreated.getTime());
}

export function listPage(accountSid: string, matching: readonly FakeTwilioMessage[], query: URLSearchParams): Record<string, unknown> {
  const pageSize = Math.min(Math.max(Number(query.get('PageSize') ?? 50) || 50, 1), 1000);
  const page = Math.max(Number(query.get('Page') ?? 0) || 0, 0);
  const slice = matching.slice(page * pageSize, (page + 1) * pageSize);
  const pageUri = (n: number) => {
    const q = new URLSearchParams(query);
    q.set('Page', String(n));
    q.set('PageSize', String(pageSize));
    return `${messagesPath(accountSid)}.json?${q.toString()}`;
  };
  const hasNext = (page + 1) * pageSize < matching.length;
  return {
    messages: slice.map(messageJson),
    end: page * pageSize + Math.max(slice.length - 1, 0),
    first_page_uri: pageUri(0),
    next_page_uri: hasNext ? pageUri(page + 1) : null,
    page,
    page_size: pageSize,
    previous_page_uri: page > 0 ? pageUri(page - 1) : null,
    start: page * pageSize,
    uri: pageUri(page),
  };
}
