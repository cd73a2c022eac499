import { accessibleWhere } from '../../authz/accessible-where.js';
import { withReferralAccess } from '../referral-access.js';
import { type ReferralRow } from '../referral-row.js';
import { type ReferralView, referralView } from '../referral-view.js';
import { type ReferralDeps } from './referral-deps.js';

/**
 * The referral as it stands after the caller's action (the action itself is audited). Should the
 * action have taken it out of the caller's sight, they get its ID only.
 */
export async function getReferralAfterAction(deps: ReferralDeps, referralId: string): Promise<ReferralView> {
  return withReferralAccess(deps.db, async ({ trx, ability }) => {
    const row = await trx('referrals').where({ id: referralId }).where(accessibleWhere(ability, 'read', 'Referral')).first<ReferralRow | undefined>();
    return row ? referralView(trx, ability, deps.keys, row, true) : { id: referralId };
  });
}
