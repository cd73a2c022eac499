/**
 * The text answering a patient's keyword (STOP's one confirmation, START's, HELP's): sent as TwiML in
 * the webhook's own response, the way carriers expect keywords answered, at any hour and outside the
 * frequency cap (it answers the patient; it is not ours to hold). When the number reaches a known
 * patient the reply is a ledger row too, tied to Twilio's status callbacks by its key on the callback URL.
 */
import { randomUUID } from 'node:crypto';
import { type Knex } from 'knex';
import twilio from 'twilio';
import { sealContent, type ContentKeyring } from '../ledger/content-box.js';
import { insertIntent, transition } from '../ledger/ledger-repository.js';
import { statusCallbackUrl } from '../delivery/deps.js';
import { loadTenantMessaging } from '../delivery/plan-delivery.js';
import { renderSms } from '../templates/index.js';
import { statusCallbackWithKey } from '../twilio-sms-transport.js';

export type KeywordReplyTemplate = 'messaging.opt-out-confirmation' | 'messaging.opt-in-confirmation' | 'messaging.help';

export interface KeywordReplyInput {
  tenantId: string;
  messageSid: string;
  /** The number that wrote to us, which the reply goes back to. */
  to: string;
  template: KeywordReplyTemplate;
  patient: { id: string; language: string; timezone: string | null } | undefined;
  now: Date;
}

export interface KeywordReply {
  body: string;
  statusCallback: string | undefined;
}

export async function prepareKeywordReply(
  trx: Knex.Transaction,
  settings: { publicBaseUrl: string; contentKeys: ContentKeyring },
  input: KeywordReplyInput,
): Promise<KeywordReply> {
  const tenant = await loadTenantMessaging(trx, input.tenantId);
  const context = { timeZone: input.patient?.timezone ?? tenant.timeZone, language: input.patient?.language, tenantDefaultLanguage: tenant.defaultLanguage, overrides: tenant.overrides };
  const body =
    input.template === 'messaging.help'
      ? renderSms(input.template, { clinicName: tenant.clinicName, clinicPhone: tenant.clinicPhone ?? null }, context).body
      : renderSms(input.template, { clinicName: tenant.clinicName }, context).body;
  if (!input.patient) return { body, statusCallback: undefined };

  const { row, created } = await insertIntent(trx, {
    id: randomUUID(),
    tenantId: input.tenantId,
    idempotencyKey: `inbound:${input.messageSid}:reply`,
    requestHash: input.template,
    recipientType: 'patient',
    patientId: input.patient.id,
    userId: null,
    template: input.template,
    purpose: 'keyword-response',
    channelChoice: 'sms',
    channel: 'sms',
    subjectType: null,
    subjectId: null,
    replyWorkflowId: null,
    replyExpiresAt: null,
    fallbackOf: null,
  });
  if (created) {
    const content = sealContent(settings.contentKeys, row.id, { channel: 'sms', to: input.to, body });
    await transition(trx, row.id, 'sent', { providerStatus: 'twiml' }, { contentSealed: content, sentAt: input.now });
  }
  return { body, statusCallback: statusCallbackWithKey(statusCallbackUrl(settings.publicBaseUrl, input.tenantId), row.id) };
}

/** The webhook's answer: one message, or none (Twilio then sends nothing back). */
export function twimlResponse(reply: KeywordReply | undefined): string {
  const response = new twilio.twiml.MessagingResponse();
  if (reply) response.message(reply.statusCallback ? { action: reply.statusCallback } : {}, reply.body);
  return response.toString();
}
