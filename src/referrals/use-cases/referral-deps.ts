import { type Client } from '@temporalio/client';
import { type Knex } from 'knex';
import { notVisible } from '../../authz/assert-can.js';
import { accessibleWhere } from '../../authz/accessible-where.js';
import { type Action } from '../../authz/subjects.js';
import { type Keyring } from '../clinical-box.js';
import { type ReferralAccess } from '../referral-access.js';
import { type StoredReferral } from '../referral-record.js';
import { Referral } from '../store/referral-model.js';
import { type ReferralWorkflowGateway } from '../workflow-gateway.js';

/** What the referral use cases need, built once per API process. */
export interface ReferralDeps {
  db: Knex;
  temporal: Client;
  keys: Keyring;
  workflows: ReferralWorkflowGateway;
}

/**
 * The referral if the caller may read it (the same SQL conditions as the list), else a 404 that does
 * not reveal whether it exists, audited as a denied `action`.
 */
export async function visibleReferral(access: ReferralAccess, referralId: string, action: Action, lock?: 'update'): Promise<StoredReferral> {
  const query = Referral.query(access.trx).findById(referralId).where(accessibleWhere(access.ability, 'read', 'Referral'));
  if (lock) void query.forUpdate();
  const referral = await query;
  if (!referral) throw notVisible(action, 'Referral', referralId);
  return referral.toRecord<StoredReferral>();
}
