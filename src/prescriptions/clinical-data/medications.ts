import { type Knex } from 'knex';
import { fn, raw } from 'objection';
import { accessibleWhere } from '../../authz/accessible-where.js';
import { notVisible } from '../../authz/assert-can.js';
import { type AccessScope } from '../../authz/request-scope.js';
import { recordAudit } from '../../audit/record-audit.js';
import { type MedicationCreateInput, type MedicationUpdateInput } from './clinical-data-schemas.js';
import { PatientMedication } from './medication-model.js';
import { requirePatientData } from './patient-access.js';

export interface MedicationRecord {
  [key: string]: unknown;
  id: string;
  tenantId: string;
  patientId: string;
  rxcui: string;
  display: string | null;
  status: 'active' | 'stopped' | 'entered-in-error';
  source: 'reported' | 'prescription';
  prescriptionId: string | null;
  startedOn: string | null;
  stoppedOn: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Active medications as screening reads them. */
export async function activeMedications(trx: Knex.Transaction, patientId: string): Promise<MedicationRecord[]> {
  const medications = await PatientMedication.query(trx).where({ patient_id: patientId, status: 'active' }).orderBy('created_at');
  return medications.map((m) => m.toRecord<MedicationRecord>());
}

/**
 * A prescription that reached the pharmacy joins the active list, unless the patient already takes
 * the drug (a refill continues the same therapy). Idempotent per prescription.
 */
export async function addPrescribedMedication(trx: Knex.Transaction, p: { tenantId: string; patientId: string; prescriptionId: string; rxcui: string; display: string }): Promise<void> {
  const already = await PatientMedication.query(trx).select('id').where({ patient_id: p.patientId, rxcui: p.rxcui, status: 'active' }).first();
  if (already) return;
  await PatientMedication.query(trx)
    .insert({ tenantId: p.tenantId, patientId: p.patientId, rxcui: p.rxcui, display: p.display, source: 'prescription', prescriptionId: p.prescriptionId, startedOn: raw('current_date') })
    .onConflict('prescription_id')
    .ignore();
}

export async function listMedications(scope: AccessScope, patientId: string, status?: MedicationRecord['status']): Promise<MedicationRecord[]> {
  await requirePatientData(scope, patientId, 'read', 'PatientMedication');
  const query = PatientMedication.query(scope.trx).where(accessibleWhere(scope.ability, 'read', 'PatientMedication')).andWhere({ patient_id: patientId });
  if (status) void query.andWhere({ status });
  const medications = await query.orderBy([{ column: 'status' }, { column: 'created_at' }]);
  await recordAudit(scope.trx, scope.actor, { action: 'read', entityType: 'PatientMedication', entityId: patientId, patientId });
  return medications.map((m) => m.toRecord<MedicationRecord>());
}

export async function createMedication(scope: AccessScope, patientId: string, input: MedicationCreateInput): Promise<MedicationRecord> {
  await requirePatientData(scope, patientId, 'create', 'PatientMedication');
  const medication = await PatientMedication.query(scope.trx)
    .insert({ tenantId: scope.actor.tenantId, patientId, rxcui: input.rxcui, display: input.display ?? null, startedOn: input.startedOn ?? null })
    .returning('*');
  await recordAudit(scope.trx, scope.actor, { action: 'create', entityType: 'PatientMedication', entityId: medication.id, patientId });
  return medication.toRecord<MedicationRecord>();
}

export async function updateMedication(scope: AccessScope, patientId: string, medicationId: string, input: MedicationUpdateInput): Promise<MedicationRecord> {
  await requirePatientData(scope, patientId, 'update', 'PatientMedication');
  const stoppedOn = input.status === 'active' ? null : (input.stoppedOn ?? raw('current_date'));
  const [medication] = await PatientMedication.query(scope.trx)
    .patch({ status: input.status, stoppedOn, updatedAt: fn.now() })
    .where(accessibleWhere(scope.ability, 'update', 'PatientMedication'))
    .andWhere({ id: medicationId, patient_id: patientId })
    .returning('*');
  if (!medication) throw notVisible('update', 'PatientMedication', medicationId, patientId);
  await recordAudit(scope.trx, scope.actor, { action: 'update', entityType: 'PatientMedication', entityId: medicationId, patientId, details: { status: input.status } });
  return medication.toRecord<MedicationRecord>();
}
