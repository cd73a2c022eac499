import { ApplicationFailure } from '@temporalio/common';
import { type Knex } from 'knex';
import { REFERRAL_INVALID, REFERRAL_NOT_VISIBLE } from '../../workflows/shared/referral.js';
import { type ReferralRow } from '../referral-row.js';

export const invalid = (message: string) => ApplicationFailure.create({ type: REFERRAL_INVALID, message, nonRetryable: true });

/**
 * The referral row inside the activity's tenant transaction; retried while its creation has not
 * committed. The lock serialises the workflow's writes without blocking a transaction that only
 * references the row (a reroute inserting its replacement holds a key-share lock on it).
 */
export async function referralRow(trx: Knex.Transaction, referralId: string, lock?: 'update'): Promise<ReferralRow> {
  const query = trx('referrals').where({ id: referralId });
  if (lock) void query.forNoKeyUpdate();
  const row = await query.first<ReferralRow | undefined>();
  if (!row) throw ApplicationFailure.create({ type: REFERRAL_NOT_VISIBLE, message: 'referral not visible' });
  return row;
}

export async function tenantOf(trx: Knex.Transaction, tenantId: string): Promise<{ timezone: string; settings: unknown }> {
  const tenant = await trx('tenants').where({ id: tenantId }).first<{ timezone: string; settings: unknown } | undefined>('timezone', 'settings');
  return tenant ?? { timezone: 'UTC', settings: {} };
}
