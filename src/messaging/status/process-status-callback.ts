/**
 * Twilio's delivery status callbacks. Each (MessageSid, status) is processed once; the ledger row is
 * found by our key on the callback URL (which also covers a message whose create reply we never saw)
 * or by the MessageSid; the status moves forward only (ledger/statuses.ts), so a late "sent" after
 * "delivered", or anything after a terminal status, changes nothing.
 *
 * A text the carrier failed after Twilio took it is reported back as a late failure to send by email
 * instead (late-failure.ts); a replayed callback reports it again, so a caller whose start of that
 * email failed the first time gets another chance (the start is idempotent by the message's ID).
 */
import { type Knex } from 'knex';
import { withTenant } from '../../db/tenant-scope.js';
import { messagesTotal } from '../../observability/metrics.js';
import { insertedRows } from '../../db/models/inserted-rows.js';
import { type DeliveryRow, findById, findByProviderId, transition } from '../ledger/ledger-repository.js';
import { fromTwilioStatus } from '../ledger/statuses.js';
import { isSmsStatus } from '../sms-transport.js';
import { lateFailureVerdict } from './late-failure.js';
import { TwilioStatusEvent } from './status-event-model.js';

export interface StatusCallback {
  tenantId: string;
  /** The ledger row's ID, from the callback URL (`ik`); absent on callbacks we did not key. */
  messageId: string | undefined;
  messageSid: string;
  messageStatus: string;
  errorCode: string | undefined;
}

export type StatusResult = 'duplicate' | 'unknown-message' | 'ignored' | 'recorded';

export interface StatusOutcome {
  result: StatusResult;
  /** Set when the message is a text the carrier failed late that should now go by email. */
  lateFailure?: { tenantId: string; messageId: string };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function findRow(trx: Knex.Transaction, callback: StatusCallback): Promise<DeliveryRow | undefined> {
  const byKey = callback.messageId && UUID.test(callback.messageId) ? await findById(trx, callback.messageId) : undefined;
  return byKey ?? (await findByProviderId(trx, callback.messageSid));
}

function withLateFailure(result: StatusResult, row: DeliveryRow, windowMs: number): StatusOutcome {
  return lateFailureVerdict(row, new Date(), windowMs).emailInstead ? { result, lateFailure: { tenantId: row.tenantId, messageId: row.id } } : { result };
}

export async function processStatusCallback(db: Knex, callback: StatusCallback, options: { lateFailureEmailWindowMs: number }): Promise<StatusOutcome> {
  if (!UUID.test(callback.tenantId)) return { result: 'unknown-message' };
  return withTenant(db, callback.tenantId, async (trx) => {
    const seen = await insertedRows(
      TwilioStatusEvent.query(trx)
        .insert({ tenantId: callback.tenantId, messageSid: callback.messageSid, status: callback.messageStatus })
        .onConflict(['tenant_id', 'message_sid', 'status'])
        .ignore()
        .returning('status'),
    );
    const row = await findRow(trx, callback);
    if (seen.length === 0) return row && row.providerMessageId === callback.messageSid ? withLateFailure('duplicate', row, options.lateFailureEmailWindowMs) : { result: 'duplicate' };
    if (!row) return { result: 'unknown-message' };
    // Our key on another message's callback: not this row's message (never expected; never applied).
    if (row.providerMessageId && row.providerMessageId !== callback.messageSid) return { result: 'ignored' };
    const target = isSmsStatus(callback.messageStatus) ? fromTwilioStatus(callback.messageStatus) : undefined;
    if (!target) return { result: 'ignored' };
    const { row: updated, moved } = await transition(
      trx,
      row.id,
      target,
      { providerStatus: callback.messageStatus, errorCode: callback.errorCode ?? null },
      { providerMessageId: callback.messageSid, ...(row.sentAt ? {} : { sentAt: new Date() }) },
    );
    if (moved && updated.status !== row.status) {
      messagesTotal.inc({ tenant: updated.tenantId, channel: 'sms', status: updated.status, reason: callback.errorCode ?? '' });
    }
    return withLateFailure('recorded', updated, options.lateFailureEmailWindowMs);
  });
}
