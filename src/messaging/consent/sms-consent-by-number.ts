/**
 * SMS consent follows the phone number: STOP (or Twilio's 21610) from a number opts out every
 * patient reached at it, their own mobile or as a responsible party's, and any staff member using it;
 * START opts them back in. Each change is a consent event with its source (TCPA) and an audit entry.
 */
import { type Knex } from 'knex';
import { type Actor } from '../../authz/actor.js';
import { recordAudit } from '../../audit/record-audit.js';
import { applyConsentChange } from '../../registry/patients/consent.js';

export interface ConsentAtNumber {
  /** Patients whose consent changed. */
  changedPatientIds: string[];
  /** Every patient reached at the number. */
  patientIds: string[];
  staffUpdated: number;
}

export async function patientsAtNumber(trx: Knex.Transaction, e164: string): Promise<{ id: string; sms_consent: string }[]> {
  return trx('patients')
    .where((w) => w.where({ mobile_e164: e164 }).orWhere({ responsible_party_mobile_e164: e164 }))
    .orderBy('created_at')
    .select<{ id: string; sms_consent: string }[]>('id', 'sms_consent');
}

export async function setSmsConsentAtNumber(
  trx: Knex.Transaction,
  actor: Actor,
  e164: string,
  status: 'granted' | 'revoked',
  source: string,
): Promise<ConsentAtNumber> {
  const patients = await patientsAtNumber(trx, e164);
  const changed = patients.filter((p) => p.sms_consent !== status);
  for (const patient of changed) {
    await applyConsentChange(trx, actor.tenantId, patient.id, { channel: 'sms', status, source });
    await recordAudit(trx, actor, {
      action: 'consent-change',
      entityType: 'Patient',
      entityId: patient.id,
      patientId: patient.id,
      details: { channel: 'sms', status, source },
    });
  }
  const staffUpdated = await trx('users')
    .where({ mobile_e164: e164 })
    .update({ sms_opted_out_at: status === 'revoked' ? trx.fn.now() : null, updated_at: trx.fn.now() });
  return { changedPatientIds: changed.map((p) => p.id), patientIds: patients.map((p) => p.id), staffUpdated };
}
