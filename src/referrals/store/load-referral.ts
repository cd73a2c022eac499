import { ApplicationFailure } from '@temporalio/common';
import { type Knex } from 'knex';
import { REFERRAL_INVALID, REFERRAL_NOT_VISIBLE } from '../../workflows/shared/referral.js';
import { type StoredReferral } from '../referral-record.js';
import { Referral } from './referral-model.js';

export const invalid = (message: string) => ApplicationFailure.create({ type: REFERRAL_INVALID, message, nonRetryable: true });

/**
 * The referral inside the activity's tenant transaction; retried while its creation has not
 * committed. The lock serialises the workflow's writes without blocking a transaction that only
 * references the row (a reroute inserting its replacement holds a key-share lock on it).
 */
export async function loadReferral(trx: Knex.Transaction, referralId: string, lock?: 'update'): Promise<StoredReferral> {
  const query = Referral.query(trx).findById(referralId);
  if (lock) void query.forNoKeyUpdate();
  const referral = await query;
  if (!referral) throw ApplicationFailure.create({ type: REFERRAL_NOT_VISIBLE, message: 'referral not visible' });
  return referral.toRecord<StoredReferral>();
}

/** The tenant's timezone and settings (the tenants table is the platform's: plain Knex). */
export async function tenantOf(trx: Knex.Transaction, tenantId: string): Promise<{ timezone: string; settings: unknown }> {
  const tenant = await trx('tenants').where({ id: tenantId }).first<{ timezone: string; settings: unknown } | undefined>('timezone', 'settings');
  return tenant ?? { timezone: 'UTC', settings: {} };
}
