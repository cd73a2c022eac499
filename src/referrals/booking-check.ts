import { type Knex } from 'knex';
import { conflict, validationFailed } from '../errors/app-error.js';

/**
 * For the appointment side, inside the booking's tenant transaction: a booking may name a referral
 * only if it is this tenant's (row-level security; a foreign key alone would accept another
 * tenant's ID), for the same patient, and waiting to be booked. 422 or 409 otherwise.
 */
export async function assertReferralBookable(trx: Knex.Transaction, referralId: string, patientId: string, pointer = '/body/referralId'): Promise<void> {
  const row = await trx('referrals').where({ id: referralId }).first<{ patient_id: string; status: string } | undefined>('patient_id', 'status');
  if (!row || row.patient_id !== patientId) throw validationFailed([{ pointer, detail: 'no such referral for this patient' }], 'The request refers to records that do not exist.');
  if (row.status !== 'accepted') throw conflict('The referral is not waiting to be booked.', { reason: 'referral-not-bookable' });
}
