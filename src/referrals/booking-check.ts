import { type Knex } from 'knex';
import { conflict, validationFailed } from '../errors/app-error.js';
import { Referral } from './store/referral-model.js';

/**
 * For the appointment side, inside the booking's tenant transaction: a booking may name a referral
 * only if it is this tenant's (row-level security; a foreign key alone would accept another
 * tenant's ID), for the same patient, and waiting to be booked. 422 or 409 otherwise.
 */
export async function assertReferralBookable(trx: Knex.Transaction, referralId: string, patientId: string, pointer = '/body/referralId'): Promise<void> {
  const referral = await Referral.query(trx).select('patient_id', 'status').findById(referralId);
  if (!referral || referral.patientId !== patientId) throw validationFailed([{ pointer, detail: 'no such referral for this patient' }], 'The request refers to records that do not exist.');
  if (referral.status !== 'accepted') throw conflict('The referral is not waiting to be booked.', { reason: 'referral-not-bookable' });
}
