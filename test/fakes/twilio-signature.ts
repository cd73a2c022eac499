/**
 * Signed Twilio webhooks for tests: the X-Twilio-Signature header computed with the SDK's own
 * getExpectedTwilioSignature (HMAC-SHA1 over the full URL plus the sorted POST parameters, keyed by the
 * auth token), and POSTs shaped like Twilio's status callbacks and inbound-message webhooks.
 */
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';

export function twilioSignature(authToken: string, url: string, params: Readonly<Record<string, string>>): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}

/** POSTs `params` form-encoded with a valid signature, or with `signature` when a test wants a bad one. */
export function postSignedForm(
  url: string,
  params: Readonly<Record<string, string>>,
  authToken: string,
  options: { signature?: string } = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Twilio-Signature': options.signature ?? twilioSignature(authToken, url, params),
    },
    body: new URLSearchParams(params).toString(),
  });
}

export interface InboundSms {
  from: string;
  to: string;
  body: string;
  accountSid: string;
  messageSid?: string;
}

/** The parameters Twilio sends to a number's incoming-message webhook. */
export function inboundSmsParams(sms: InboundSms): Record<string, string> {
  const sid = sms.messageSid ?? `SM${randomBytes(16).toString('hex')}`;
  return {
    ToCountry: 'US', FromCountry: 'US', SmsMessageSid: sid, NumMedia: '0', SmsSid: sid, SmsStatus: 'received',
    To: sms.to, From: sms.from, Body: sms.body, MessageSid: sid, AccountSid: sms.accountSid, NumSegments: '1', ApiVersion: '2010-04-01',
  };
}

export function postInboundSms(webhookUrl: string, sms: InboundSms, authToken: string): Promise<Response> {
  return postSignedForm(webhookUrl, inboundSmsParams(sms), authToken);
}
