/**
 * Before anything is sent again: did an earlier attempt that ended without an answer (a crash, a
 * timeout, a 5xx, a dropped connection) get the message to the provider after all? The ledger kept
 * when that attempt started and exactly what it sent; the provider is asked for that message.
 * Email has no such lookup: a resend carries the same Message-ID, so mail stores can drop the copy.
 */
import { openContent } from '../ledger/content-box.js';
import { withTenant } from '../../db/tenant-scope.js';
import { type DeliveryRow, findByProviderId } from '../ledger/ledger-repository.js';
import { type SmsSendResult } from '../sms-transport.js';
import { type DeliveryDeps } from './deps.js';

/** Slack for clock skew between us and the provider when matching creation times. */
const CLOCK_SKEW_MS = 2 * 60_000;

export async function findEarlierSms(deps: DeliveryDeps, row: DeliveryRow): Promise<{ to: string; result: SmsSendResult } | null> {
  if (!row.pendingAttemptAt || row.channel !== 'sms' || !row.contentSealed || !deps.sms.findByIdempotencyKey) return null;
  const content = openContent(deps.messaging.contentKeys, row.id, row.contentSealed);
  if (content.channel !== 'sms') return null;
  const result = await deps.sms.findByIdempotencyKey({
    to: content.to,
    body: content.body,
    idempotencyKey: row.id,
    sentAfter: new Date(Date.parse(row.pendingAttemptAt) - CLOCK_SKEW_MS),
  });
  if (!result) return null;
  // Twilio matched on number, sender and text: a message another ledger row already owns is not ours.
  const owner = await withTenant(deps.db, row.tenantId, (trx) => findByProviderId(trx, result.providerMessageId));
  return owner && owner.id !== row.id ? null : { to: content.to, result };
}
