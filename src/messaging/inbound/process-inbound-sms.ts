/**
 * An inbound text, processed once per MessageSid:
 *   - the receiving number gives the tenant; the sender's number gives the patients it reaches there;
 *   - STOP and its kin (or a clear "stop texting me") revoke SMS consent at once, with the one
 *     confirmation text; START/UNSTOP opt back in; HELP gets the help text;
 *   - anything else is offered to the conversation waiting for that patient's reply (a Temporal
 *     signal with the intent only, never the text); a reply nobody waits for gets the help text.
 * The body is classified and dropped: only the intent and an exact keyword are stored.
 */
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { type Knex } from 'knex';
import { systemActor } from '../../authz/actor.js';
import { withTenant } from '../../db/tenant-scope.js';
import { Patient } from '../../registry/patients/patient-model.js';
import { type PatientRecord } from '../../registry/patients/patient-repository.js';
import { patientReplySignal, type PatientReply } from '../../workflows/shared/messaging.js';
import { setSmsConsentAtNumber } from '../consent/sms-consent-by-number.js';
import { classifyInbound, type InboundIntent } from '../inbound-keywords.js';
import { type ContentKeyring } from '../ledger/content-box.js';
import { insertedRows } from '../../db/models/inserted-rows.js';
import { closeWaitsOf, openWaitsFor } from '../replies/reply-waits.js';
import { InboundMessage } from './inbound-message-model.js';
import { type KeywordReply, type KeywordReplyTemplate, prepareKeywordReply } from './keyword-reply.js';
import { tenantOfNumber } from './sender-numbers.js';

export interface InboundSmsDeps {
  db: Knex;
  temporal: Client;
  settings: { publicBaseUrl: string; contentKeys: ContentKeyring };
  clock?: () => Date;
}

export interface InboundSms {
  messageSid: string;
  from: string;
  to: string;
  body: string;
}

export type InboundResult =
  | { handledAs: 'duplicate' | 'unknown-number' }
  | { handledAs: 'opt-out' | 'opt-in' | 'help' | 'offered' | 'unanswered' | 'ignored'; tenantId: string; reply: KeywordReply | undefined };

type MatchedPatient = Pick<PatientRecord, 'id' | 'language' | 'timezone' | 'smsConsent'>;

const replyIntent = (intent: InboundIntent): PatientReply['intent'] =>
  intent === 'confirm' || intent === 'decline' || intent === 'reschedule' ? intent : 'other';

/** Offers the reply to the newest open conversation of these patients; the patient it went to, if any. */
async function offerToWaitingWorkflow(trx: Knex.Transaction, deps: InboundSmsDeps, patientIds: string[], reply: PatientReply): Promise<{ patientId: string; workflowId: string } | undefined> {
  for (const wait of await openWaitsFor(trx, patientIds, deps.clock?.() ?? new Date())) {
    try {
      await deps.temporal.workflow.getHandle(wait.workflowId).signal(patientReplySignal, reply);
      return { patientId: wait.patientId, workflowId: wait.workflowId };
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      await closeWaitsOf(trx, wait.workflowId); // finished: nobody waits there any more
    }
  }
  return undefined;
}

export async function processInboundSms(deps: InboundSmsDeps, sms: InboundSms): Promise<InboundResult> {
  const tenantId = await tenantOfNumber(deps.db, sms.to);
  if (!tenantId) return { handledAs: 'unknown-number' };
  const classification = classifyInbound(sms.body);
  const now = deps.clock?.() ?? new Date();
  return withTenant(deps.db, tenantId, async (trx) => {
    const [inbound] = await insertedRows(
      InboundMessage.query(trx)
        .insert({
          tenantId,
          messageSid: sms.messageSid,
          intent: classification.intent,
          // Exact keywords only ("STOP", "C"): never free text, which could say anything.
          keyword: classification.keyword ?? null,
          viaReasonableMeans: classification.viaReasonableMeans,
          handledAs: 'received',
        })
        .onConflict(['tenant_id', 'message_sid'])
        .ignore()
        .returning('id'),
    );
    if (!inbound) return { handledAs: 'duplicate' };

    const patients = (
      await Patient.query(trx)
        .select('id', 'language', 'timezone', 'sms_consent')
        .where((w) => w.where({ mobile_e164: sms.from }).orWhere({ responsible_party_mobile_e164: sms.from }))
        .orderBy('created_at')
    ).map((p) => p.toRecord<MatchedPatient>());
    const actor = systemActor(tenantId, 'messaging-inbound');
    let handledAs: Exclude<InboundResult['handledAs'], 'duplicate' | 'unknown-number'>;
    let template: KeywordReplyTemplate | undefined;
    let answered: { patientId: string; workflowId: string } | undefined;

    if (classification.intent === 'opt-out') {
      const source = classification.keyword ? `sms-keyword:${classification.keyword}` : 'sms-reasonable-means';
      await setSmsConsentAtNumber(trx, actor, sms.from, 'revoked', source);
      [handledAs, template] = ['opt-out', 'messaging.opt-out-confirmation'];
    } else if (classification.intent === 'opt-in') {
      const changed = await setSmsConsentAtNumber(trx, actor, sms.from, 'granted', `sms-keyword:${classification.keyword ?? 'START'}`);
      const known = changed.patientIds.length > 0 || changed.staffUpdated > 0;
      [handledAs, template] = ['opt-in', known ? 'messaging.opt-in-confirmation' : 'messaging.help'];
    } else if (classification.intent === 'help') {
      [handledAs, template] = ['help', 'messaging.help'];
    } else {
      answered = await offerToWaitingWorkflow(trx, deps, patients.map((p) => p.id), { replyId: sms.messageSid, intent: replyIntent(classification.intent), via: 'sms' });
      // Nobody waits: the help text, but only to a number that may still be texted.
      const textable = patients.some((p) => p.smsConsent === 'granted');
      [handledAs, template] = answered ? ['offered', undefined] : textable ? ['unanswered', 'messaging.help'] : ['ignored', undefined];
    }

    const patient = patients.find((p) => p.id === answered?.patientId) ?? patients[0];
    await InboundMessage.query(trx)
      .findById(inbound.id)
      .patch({ handledAs, patientId: patient?.id ?? null, workflowId: answered?.workflowId ?? null });
    const reply = template
      ? await prepareKeywordReply(trx, deps.settings, { tenantId, messageSid: sms.messageSid, to: sms.from, template, patient, now })
      : undefined;
    return { handledAs, tenantId, reply };
  });
}
