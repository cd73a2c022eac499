/**
 * The one step with an outside effect. Before it, in a committed transaction, the attempt records
 * that it is about to call the provider (`pending_attempt_at`) and what it will send (sealed): if the
 * process dies after the provider accepted, the next attempt knows to look the message up instead of
 * sending it again. SMS wait for their sender's pacing slot first, and re-check quiet hours and the
 * cap inside it, serialised per patient.
 */
import { withTenant } from '../../db/tenant-scope.js';
import { type SendMessageRequest } from '../../workflows/shared/messaging.js';
import { sealContent } from '../ledger/content-box.js';
import { lockPatientSms, updateHeld } from '../ledger/ledger-repository.js';
import { openReplyWait } from '../replies/reply-waits.js';
import { type HeldAttempt } from './attempt-lease.js';
import { type DeliveryDeps, statusCallbackUrl } from './deps.js';
import { DeliveryInProgressError } from './errors.js';
import { cappedSmsInstants, type Plan, recheckSmsHold } from './plan-delivery.js';

type SendPlan = Extract<Plan, { action: 'send' }>;

export type ProviderResult =
  | { kind: 'accepted'; providerMessageId: string; providerStatus: string }
  | { kind: 'held'; until: Date; reason: 'quiet-hours' | 'frequency-cap' };

type Hold = Extract<ProviderResult, { kind: 'held' }>;

async function arm(deps: DeliveryDeps, request: SendMessageRequest, attempt: HeldAttempt, plan: SendPlan): Promise<Hold | undefined> {
  const { row, token } = attempt;
  const { rendered } = plan;
  return withTenant(deps.db, row.tenantId, async (trx) => {
    if (rendered.channel === 'sms') {
      if (request.recipient.type === 'patient') await lockPatientSms(trx, request.recipient.patientId);
      const now = deps.clock();
      const hold = recheckSmsHold(plan.timing, now, await cappedSmsInstants(trx, request, row, now));
      if (hold) return { kind: 'held', until: hold.until, reason: hold.reason };
    }
    const content =
      rendered.channel === 'sms'
        ? { channel: 'sms' as const, to: rendered.to, body: rendered.body }
        : { channel: 'email' as const, to: rendered.to, subject: rendered.subject, text: rendered.text };
    const armed = await updateHeld(trx, row.id, token, {
      leaseMs: deps.messaging.attemptLeaseMs,
      pendingNow: true,
      channel: rendered.channel,
      contentSealed: sealContent(deps.messaging.contentKeys, row.id, content),
    });
    if (!armed) throw new DeliveryInProgressError();
    if (rendered.channel === 'sms' && request.replyTo && request.recipient.type === 'patient') {
      const { workflowId, expiresAt } = request.replyTo;
      await openReplyWait(trx, { tenantId: row.tenantId, messageId: row.id, patientId: request.recipient.patientId, workflowId, expiresAt: new Date(expiresAt) });
    }
    return undefined;
  });
}

export async function callProvider(deps: DeliveryDeps, request: SendMessageRequest, attempt: HeldAttempt, plan: SendPlan): Promise<ProviderResult> {
  const { rendered } = plan;
  const messageId = attempt.row.id;
  if (rendered.channel === 'sms') {
    const { limiter, senderKey } = deps.messaging.smsPacing;
    return limiter.schedule(senderKey, async (): Promise<ProviderResult> => {
      const hold = await arm(deps, request, attempt, plan);
      if (hold) return hold;
      const result = await deps.sms.send({
        to: rendered.to,
        body: rendered.body,
        idempotencyKey: messageId,
        statusCallbackUrl: statusCallbackUrl(deps.messaging.publicBaseUrl, attempt.row.tenantId),
      });
      return { kind: 'accepted', providerMessageId: result.providerMessageId, providerStatus: result.status };
    });
  }
  await arm(deps, request, attempt, plan);
  const result = await deps.email.send({ to: rendered.to, subject: rendered.subject, text: rendered.text, html: rendered.html, idempotencyKey: messageId });
  return { kind: 'accepted', providerMessageId: result.messageId, providerStatus: 'accepted' };
}
