/**
 * One attempt at a time per message. An attempt claims the row with a random token and a lease
 * (database time, so every worker agrees); all its later writes are fenced by that token. A crashed
 * attempt's lease simply runs out; a stale attempt still running after Temporal retried it finds its
 * token gone and stops before it reaches the provider.
 */
import { randomUUID } from 'node:crypto';
import { withTenant } from '../../db/tenant-scope.js';
import { messagesTotal } from '../../observability/metrics.js';
import { type DeliveryPatch, type DeliveryRow, lockForAttempt, transition, updateHeld } from '../ledger/ledger-repository.js';
import { type DeliveryStatus, isTerminal } from '../ledger/statuses.js';
import { type DeliveryDeps } from './deps.js';
import { DeliveryInProgressError } from './errors.js';

export interface HeldAttempt {
  row: DeliveryRow;
  token: string;
}

export type Claim = { kind: 'held'; attempt: HeldAttempt } | { kind: 'settled'; row: DeliveryRow };

export async function claimAttempt(deps: DeliveryDeps, tenantId: string, rowId: string): Promise<Claim> {
  return withTenant(deps.db, tenantId, async (trx) => {
    const locked = await lockForAttempt(trx, rowId);
    if (!locked) throw new Error('Delivery row not found');
    // Sent (the provider has it) is as final as a terminal status for the sender.
    if (isTerminal(locked.row.status) || locked.row.status === 'sent') return { kind: 'settled', row: locked.row };
    if (locked.leased) throw new DeliveryInProgressError();
    const token = randomUUID();
    // A deferred message asked again is queued once more; the plan may defer it again.
    const { row } = await transition(trx, rowId, 'queued', {}, { attemptToken: token, attemptsIncrement: true, leaseMs: deps.messaging.attemptLeaseMs });
    return { kind: 'held', attempt: { row, token } };
  });
}

/**
 * Ends the attempt with a status change (statuses.ts decides whether it moves) and gives the row up.
 * Throws DeliveryInProgressError when another attempt has taken the row over meanwhile.
 */
export async function settleAttempt(
  deps: DeliveryDeps,
  attempt: HeldAttempt,
  target: DeliveryStatus,
  patch: DeliveryPatch = {},
  always: DeliveryPatch = {},
): Promise<DeliveryRow> {
  const { row: before, token } = attempt;
  const { row, moved } = await withTenant(deps.db, before.tenantId, async (trx) => {
    const locked = await lockForAttempt(trx, before.id);
    if (locked?.row.attemptToken !== token) throw new DeliveryInProgressError();
    return transition(trx, before.id, target, patch, { ...always, attemptToken: null, leaseUntil: null });
  });
  if (moved && row.status !== before.status) {
    messagesTotal.inc({ tenant: row.tenantId, channel: row.channel ?? 'none', status: row.status, reason: row.reason ?? '' });
  }
  deps.log?.info('message delivery updated', { messageId: row.id, status: row.status, reason: row.reason, channel: row.channel, attempts: row.attempts });
  return row;
}

/** Gives the row up without a status change (the attempt failed and Temporal will retry). */
export async function releaseAttempt(deps: DeliveryDeps, attempt: HeldAttempt, fields: DeliveryPatch = {}): Promise<void> {
  await withTenant(deps.db, attempt.row.tenantId, (trx) => updateHeld(trx, attempt.row.id, attempt.token, { ...fields, attemptToken: null, leaseUntil: null }));
}
