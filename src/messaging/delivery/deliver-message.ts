/**
 * Sends one intended message exactly once, however often it is asked (the send activity's story):
 *
 *  1. record the intent under the caller's idempotency key (or find it: same key, same message);
 *  2. a settled message answers with what happened to it; otherwise claim it for this attempt;
 *  3. if an earlier attempt may have reached the provider, ask the provider first;
 *  4. decide at send time: suppressed (consent, contact), deferred (quiet hours, cap) or sent;
 *  5. record that the provider is about to be called, call it, record its answer;
 *  6. a text refused for good goes by email when the recipient consented to email.
 * Failures that a retry may fix are rethrown for Temporal's retry policy, with the claim released.
 */
import { randomUUID } from 'node:crypto';
import { withTenant } from '../../db/tenant-scope.js';
import { type SendMessageOutcome, type SendMessageRequest } from '../../workflows/shared/messaging.js';
import { PermanentEmailError, TransientEmailError } from '../email-transport.js';
import { findByKey, insertIntent, type DeliveryRow } from '../ledger/ledger-repository.js';
import { fromTwilioStatus } from '../ledger/statuses.js';
import { PermanentSmsError, TransientSmsError } from '../sms-errors.js';
import { isSmsStatus } from '../sms-transport.js';
import { claimAttempt, type HeldAttempt, releaseAttempt, settleAttempt } from './attempt-lease.js';
import { type DeliveryDeps } from './deps.js';
import { findEarlierSms } from './earlier-attempt.js';
import { DeliveryInProgressError, IdempotencyKeyConflictError, MessageUndeliverableError, RecipientNotFoundError } from './errors.js';
import { planDelivery, type Plan } from './plan-delivery.js';
import { callProvider } from './provider-call.js';
import { loadRecipient } from './recipient.js';
import { isSuppressionReason, requestHash, settledOutcome, validateRequest } from './request.js';
import { recordSmsRejection, SMS_REFUSAL_REASONS } from './sms-rejection.js';

export interface DeliverOptions {
  /** The calling workflow, for the audit trail of consent changes. */
  workflowId?: string;
  /** Set on the email that replaces a refused text. */
  fallbackOf?: string;
}

/** The ledger key of the email that replaces the text sent under `key`. */
export const fallbackKey = (key: string) => `${key}#email-fallback`;

async function recordIntent(deps: DeliveryDeps, request: SendMessageRequest, fallbackOf: string | null): Promise<DeliveryRow> {
  const hash = requestHash(request);
  const { recipient } = request;
  const { row, created } = await withTenant(deps.db, request.tenantId, async (trx) => {
    // Row-level security: an ID of another tenant is not found here, so it never becomes a ledger row.
    const exists = await trx(recipient.type === 'patient' ? 'patients' : 'users')
      .where({ id: recipient.type === 'patient' ? recipient.patientId : recipient.userId })
      .first<{ id: string } | undefined>('id');
    if (!exists) throw new RecipientNotFoundError(recipient.type);
    return insertIntent(trx, {
      id: randomUUID(),
      tenantId: request.tenantId,
      idempotencyKey: request.idempotencyKey,
      requestHash: hash,
      recipientType: recipient.type,
      patientId: recipient.type === 'patient' ? recipient.patientId : null,
      userId: recipient.type === 'user' ? recipient.userId : null,
      template: request.template,
      purpose: request.purpose,
      channelChoice: request.channel,
      subjectType: request.subject?.type ?? null,
      subjectId: request.subject?.id ?? null,
      replyWorkflowId: request.replyTo?.workflowId ?? null,
      replyExpiresAt: request.replyTo ? new Date(request.replyTo.expiresAt) : null,
      fallbackOf,
    });
  });
  if (!created && row.requestHash !== hash) throw new IdempotencyKeyConflictError();
  return row;
}

/**
 * The email that takes a failed text's place, under the text's key plus `#email-fallback` (so one
 * text gets at most one such email, whichever path asks); undefined when the recipient has no email
 * they consented to.
 */
export async function emailFallback(deps: DeliveryDeps, request: SendMessageRequest, failed: DeliveryRow, options: DeliverOptions): Promise<SendMessageOutcome | undefined> {
  const key = fallbackKey(request.idempotencyKey);
  const emailPossible = await withTenant(deps.db, request.tenantId, async (trx) =>
    (await findByKey(trx, key)) ? true : (await loadRecipient(trx, request.recipient)).email.ok,
  );
  return emailPossible ? deliverMessage(deps, { ...request, idempotencyKey: key, channel: 'email' }, { ...options, fallbackOf: failed.id }) : undefined;
}

/** A text refused for good: the email in its place, or why nothing could be sent. */
async function emailInstead(deps: DeliveryDeps, request: SendMessageRequest, failed: DeliveryRow, options: DeliverOptions): Promise<SendMessageOutcome> {
  const outcome = await emailFallback(deps, request, failed, options);
  if (outcome) return outcome;
  if (isSuppressionReason(failed.reason)) return { status: 'suppressed', messageId: failed.id, reason: failed.reason };
  throw new MessageUndeliverableError('sms', failed.errorCode ?? undefined);
}

async function answerSettled(deps: DeliveryDeps, request: SendMessageRequest, row: DeliveryRow, options: DeliverOptions): Promise<SendMessageOutcome> {
  const outcome = settledOutcome(row);
  if (outcome) return outcome;
  if (row.channel === 'sms' && row.reason !== null && SMS_REFUSAL_REASONS.has(row.reason)) return emailInstead(deps, request, row, options);
  throw new MessageUndeliverableError(row.channel ?? 'sms', row.errorCode ?? undefined);
}

async function recordAccepted(
  deps: DeliveryDeps,
  request: SendMessageRequest,
  attempt: HeldAttempt,
  accepted: { providerMessageId: string; providerStatus: string; channel: 'sms' | 'email' },
): Promise<SendMessageOutcome> {
  const target = accepted.channel === 'sms' && isSmsStatus(accepted.providerStatus) ? (fromTwilioStatus(accepted.providerStatus) ?? 'sent') : 'sent';
  // Applied unless a status callback got there first (it knows the message's fate better than we do).
  // A deferral's reason no longer applies; `deferred_until` stays as a record that it waited.
  const patch = { providerStatus: accepted.providerStatus, errorCode: null, reason: null };
  const row = await settleAttempt(deps, attempt, target, patch, {
    providerMessageId: accepted.providerMessageId,
    channel: accepted.channel,
    sentAt: deps.clock(),
    pendingAttemptAt: null,
  });
  return { status: 'sent', messageId: row.id, channel: accepted.channel };
}

/** True when the failed call certainly did not reach the provider, so no lookup is needed later. */
const certainlyNotSent = (error: unknown) => (error instanceof TransientSmsError && !error.ambiguous) || error instanceof TransientEmailError;

const errorCodeOf = (error: unknown) =>
  error instanceof TransientSmsError ? String(error.providerCode ?? error.httpStatus ?? error.networkCode ?? 'transient') : error instanceof Error ? error.name : 'unknown';

async function attemptDelivery(deps: DeliveryDeps, request: SendMessageRequest, attempt: HeldAttempt, options: DeliverOptions): Promise<SendMessageOutcome> {
  let plan: Plan | undefined;
  // Only a failure of the send itself can prove the message did not go (a 429 on the lookup proves nothing).
  let sending = false;
  try {
    const earlier = await findEarlierSms(deps, attempt.row);
    if (earlier) {
      deps.log?.info('earlier attempt had reached the provider', { messageId: attempt.row.id });
      return await recordAccepted(deps, request, attempt, { providerMessageId: earlier.result.providerMessageId, providerStatus: earlier.result.status, channel: 'sms' });
    }
    plan = await planDelivery(deps, request, attempt.row);
    if (plan.action === 'suppress') {
      const row = await settleAttempt(deps, attempt, 'suppressed', { reason: plan.reason }, { pendingAttemptAt: null });
      return settledOutcome(row) ?? { status: 'suppressed', messageId: row.id, reason: plan.reason };
    }
    sending = plan.action === 'send';
    const result = plan.action === 'defer' ? { kind: 'held' as const, until: plan.until, reason: plan.reason } : await callProvider(deps, request, attempt, plan);
    if (result.kind === 'held') {
      const row = await settleAttempt(deps, attempt, 'deferred', { reason: result.reason, deferredUntil: result.until }, { pendingAttemptAt: null });
      if (row.status !== 'deferred') return answerSettled(deps, request, row, options);
      return { status: 'deferred', messageId: row.id, until: result.until.toISOString(), reason: result.reason };
    }
    return await recordAccepted(deps, request, attempt, { ...result, channel: plan.action === 'send' ? plan.rendered.channel : 'sms' });
  } catch (error) {
    if (error instanceof PermanentSmsError && plan?.action === 'send') {
      const failed = await recordSmsRejection(deps, attempt, error, plan.rendered.to, options.workflowId);
      return emailInstead(deps, request, failed, options);
    }
    if (error instanceof PermanentEmailError) {
      await settleAttempt(deps, attempt, 'failed', { reason: 'provider-rejected', errorCode: String(error.responseCode ?? error.errorCode ?? '') }, { pendingAttemptAt: null });
      throw new MessageUndeliverableError('email', String(error.responseCode ?? error.errorCode ?? ''));
    }
    if (!(error instanceof DeliveryInProgressError)) {
      await releaseAttempt(deps, attempt, { errorCode: errorCodeOf(error), ...(sending && certainlyNotSent(error) ? { pendingAttemptAt: null } : {}) });
    }
    throw error;
  }
}

export async function deliverMessage(deps: DeliveryDeps, request: SendMessageRequest, options: DeliverOptions = {}): Promise<SendMessageOutcome> {
  validateRequest(request);
  const intent = await recordIntent(deps, request, options.fallbackOf ?? null);
  const claim = await claimAttempt(deps, request.tenantId, intent.id);
  if (claim.kind === 'settled') return answerSettled(deps, request, claim.row, options);
  return attemptDelivery(deps, request, claim.attempt, options);
}
