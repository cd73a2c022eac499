import { accessibleWhere } from '../../authz/accessible-where.js';
import { withReferralAccess } from '../referral-access.js';
import { type StoredReferral } from '../referral-record.js';
import { type ReferralView, referralView } from '../referral-view.js';
import { Referral } from '../store/referral-model.js';
import { type ReferralDeps } from './referral-deps.js';

/**
 * The referral as it stands after the caller's action (the action itself is audited). Should the
 * action have taken it out of the caller's sight, they get its ID only.
 */
export async function getReferralAfterAction(deps: ReferralDeps, referralId: string): Promise<ReferralView> {
  return withReferralAccess(deps.db, async ({ trx, ability }) => {
    const referral = await Referral.query(trx).findById(referralId).where(accessibleWhere(ability, 'read', 'Referral'));
    return referral ? referralView(trx, ability, deps.keys, referral.toRecord<StoredReferral>(), true) : { id: referralId };
  });
}
