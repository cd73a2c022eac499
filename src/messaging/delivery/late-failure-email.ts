/**
 * The late-failure email (status/late-failure.ts), at send time: the text's ledger row is read again,
 * every rule re-checked (time has passed since the callback), the message's subject asked whether it
 * still matters, and the same message sent by email under the text's fallback key. Once that email's
 * ledger row exists the decision stands: a retried activity sends it without asking again.
 */
import { withTenant } from '../../db/tenant-scope.js';
import { type SendMessageRequest } from '../../workflows/shared/messaging.js';
import { type SmsEmailFallbackInput, type SmsEmailFallbackOutcome, type SmsEmailFallbackSkip } from '../../workflows/shared/sms-email-fallback.js';
import { findById, findByKey, type DeliveryRow } from '../ledger/ledger-repository.js';
import { lateFailureVerdict } from '../status/late-failure.js';
import { type SubjectCurrencyChecks } from '../subject-resolvers.js';
import { type DeliverOptions, emailFallback, fallbackKey } from './deliver-message.js';
import { type DeliveryDeps } from './deps.js';

/** The request the text was sent for, as its ledger row recorded it. */
function originalRequest(row: DeliveryRow): SendMessageRequest {
  return {
    tenantId: row.tenantId,
    idempotencyKey: row.idempotencyKey,
    recipient: row.recipientType === 'patient' ? { type: 'patient', patientId: row.patientId! } : { type: 'user', userId: row.userId! },
    template: row.template,
    channel: row.channelChoice,
    purpose: row.purpose as SendMessageRequest['purpose'],
    ...(row.subjectType && row.subjectId ? { subject: { type: row.subjectType as NonNullable<SendMessageRequest['subject']>['type'], id: row.subjectId } } : {}),
    ...(row.replyWorkflowId && row.replyExpiresAt ? { replyTo: { workflowId: row.replyWorkflowId, expiresAt: new Date(row.replyExpiresAt).toISOString() } } : {}),
  };
}

export async function sendLateFailureEmail(
  deps: DeliveryDeps & { subjectCurrency?: SubjectCurrencyChecks },
  input: SmsEmailFallbackInput,
  options: DeliverOptions = {},
): Promise<SmsEmailFallbackOutcome> {
  const now = deps.clock();
  const checked = await withTenant(deps.db, input.tenantId, async (trx): Promise<{ skip: SmsEmailFallbackSkip } | { row: DeliveryRow }> => {
    const row = await findById(trx, input.messageId);
    if (!row) return { skip: 'not-found' };
    // Decided already (this is a retry after a failed attempt): the rules are not asked again.
    if (await findByKey(trx, fallbackKey(row.idempotencyKey))) return { row };
    const verdict = lateFailureVerdict(row, now, deps.messaging.lateFailureEmailWindowMs);
    if (!verdict.emailInstead) return { skip: verdict.reason };
    const current = row.subjectType && row.subjectId ? deps.subjectCurrency?.[row.subjectType as keyof SubjectCurrencyChecks] : undefined;
    if (current && !(await current(trx, { subjectId: row.subjectId!, template: row.template }, now))) return { skip: 'subject-no-longer-current' };
    return { row };
  });
  if ('skip' in checked) return { status: 'skipped', reason: checked.skip };
  const outcome = await emailFallback(deps, originalRequest(checked.row), checked.row, options);
  return outcome ?? { status: 'skipped', reason: 'no-email' };
}
