import { type Knex } from 'knex';
import { fn } from 'objection';
import { Patient, PatientConsentEvent } from './patient-model.js';

export interface ConsentChange {
  channel: 'sms' | 'email';
  status: 'granted' | 'revoked';
  /** Where it came from: intake-form, staff, patient-portal, sms-keyword:STOP… */
  source: string;
}

export interface ConsentEvent {
  id: string;
  patientId: string;
  channel: 'sms' | 'email';
  status: string;
  source: string;
  recordedAt: string;
}

/**
 * Records a messaging-consent change: the patient's current state per channel and an entry in the
 * history (TCPA: consent with its source and time). Messaging's inbound STOP/START handling calls
 * this too, inside its tenant-scoped transaction.
 */
export async function applyConsentChange(trx: Knex.Transaction, tenantId: string, patientId: string, change: ConsentChange): Promise<void> {
  const event = await PatientConsentEvent.query(trx).insert({ tenantId, patientId, ...change }).returning('recorded_at');
  const current = change.channel === 'sms'
    ? { smsConsent: change.status, smsConsentSource: change.source, smsConsentAt: event.recordedAt }
    : { emailConsent: change.status, emailConsentSource: change.source, emailConsentAt: event.recordedAt };
  await Patient.query(trx).patch({ ...current, updatedAt: fn.now() }).where('id', patientId);
}

export async function consentHistory(trx: Knex.Transaction, patientId: string): Promise<ConsentEvent[]> {
  const events = await PatientConsentEvent.query(trx)
    .select('id', 'patient_id', 'channel', 'status', 'source', 'recorded_at')
    .where('patient_id', patientId)
    .orderBy([{ column: 'recorded_at', order: 'desc' }, { column: 'id' }])
    .limit(500);
  return events.map((e) => e.toRecord<ConsentEvent>());
}
