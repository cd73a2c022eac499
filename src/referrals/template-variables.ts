import { type Knex } from 'knex';
import { type TemplateSubjectResolver } from '../messaging/subject-resolvers.js';

/**
 * Template variables of a referral, read at send time inside the send activity's tenant
 * transaction: only when and where the linked visit is (never the reason, the receiver's specialty
 * or anything clinical). The clinic's name and phone come from the tenant, filled in by messaging.
 */
export const resolveReferralTemplateVariables: TemplateSubjectResolver = async (trx: Knex.Transaction, referralId: string) => {
  const row = await trx('referrals as r')
    .leftJoin('appointments as a', 'a.id', 'r.appointment_id')
    .leftJoin('locations as l', 'l.id', 'a.location_id')
    .where('r.id', referralId)
    .first<{ starts_at: Date | null; location_name: string | null } | undefined>('a.starts_at', 'l.name as location_name');
  if (!row?.starts_at) return {};
  return { appointmentAt: row.starts_at, locationName: row.location_name };
};
