import { type Knex } from 'knex';

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
  const [event] = await trx('patient_consent_events')
    .insert({ tenant_id: tenantId, patient_id: patientId, channel: change.channel, status: change.status, source: change.source })
    .returning<{ recorded_at: Date }[]>('recorded_at');
  const prefix = change.channel === 'sms' ? 'sms' : 'email';
  await trx('patients')
    .where({ id: patientId })
    .update({
      [`${prefix}_consent`]: change.status,
      [`${prefix}_consent_source`]: change.source,
      [`${prefix}_consent_at`]: event!.recorded_at,
      updated_at: trx.fn.now(),
    });
}

export async function consentHistory(trx: Knex.Transaction, patientId: string): Promise<ConsentEvent[]> {
  const rows = (await trx('patient_consent_events')
    .where({ patient_id: patientId })
    .orderBy([{ column: 'recorded_at', order: 'desc' }, { column: 'id' }])
    .limit(500)) as { id: string; patient_id: string; channel: 'sms' | 'email'; status: string; source: string; recorded_at: Date }[];
  return rows.map((r) => ({ id: r.id, patientId: r.patient_id, channel: r.channel, status: r.status, source: r.source, recordedAt: r.recorded_at.toISOString() }));
}
