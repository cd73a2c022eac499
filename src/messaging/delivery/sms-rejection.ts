/**
 * A text the provider refused for good (PermanentSmsError): never retried. 21610 means the number
 * replied STOP to this sender at the carrier, so it is recorded as the opt-out it is. The message may
 * then go by email instead, when the recipient consented to email (deliver-message.ts).
 */
import { systemActor } from '../../authz/actor.js';
import { withTenant } from '../../db/tenant-scope.js';
import { setSmsConsentAtNumber } from '../consent/sms-consent-by-number.js';
import { type DeliveryRow } from '../ledger/ledger-repository.js';
import { closeWaitOfMessage } from '../replies/reply-waits.js';
import { type PermanentSmsError, type PermanentSmsReason } from '../sms-errors.js';
import { type HeldAttempt, settleAttempt } from './attempt-lease.js';
import { type DeliveryDeps } from './deps.js';

/** The ledger's reason for each kind of refusal; the first two are also suppression reasons. */
const REASONS: Readonly<Record<PermanentSmsReason, string>> = {
  'invalid-number': 'invalid-number',
  'not-mobile': 'invalid-number',
  'opted-out': 'carrier-unsubscribed',
  rejected: 'provider-rejected',
};

/** Ledger reasons of a refused text, after which an email may take its place. */
export const SMS_REFUSAL_REASONS: ReadonlySet<string> = new Set(Object.values(REASONS));

export async function recordSmsRejection(
  deps: DeliveryDeps,
  attempt: HeldAttempt,
  error: PermanentSmsError,
  to: string,
  workflowId: string | undefined,
): Promise<DeliveryRow> {
  await withTenant(deps.db, attempt.row.tenantId, async (trx) => {
    await closeWaitOfMessage(trx, attempt.row.id);
    if (error.optedOut) await setSmsConsentAtNumber(trx, systemActor(attempt.row.tenantId, 'messaging', workflowId), to, 'revoked', 'carrier:21610');
  });
  const code = error.providerCode ?? error.httpStatus;
  return settleAttempt(deps, attempt, 'failed', { reason: REASONS[error.reason], errorCode: code === undefined ? null : String(code) }, { pendingAttemptAt: null });
}
