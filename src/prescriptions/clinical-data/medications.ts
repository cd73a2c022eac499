import { type Knex } from 'knex';
import { accessibleWhere } from '../../authz/accessible-where.js';
import { notVisible } from '../../authz/assert-can.js';
import { type AccessScope } from '../../authz/request-scope.js';
import { recordAudit } from '../../audit/record-audit.js';
import { type MedicationCreateInput, type MedicationUpdateInput } from './clinical-data-schemas.js';
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

type Row = Record<string, unknown>;

const toRecord = (r: Row): MedicationRecord => ({
  id: r.id as string,
  tenantId: r.tenant_id as string,
  patientId: r.patient_id as string,
  rxcui: r.rxcui as string,
  display: (r.display as string | null) ?? null,
  status: r.status as MedicationRecord['status'],
  source: r.source as MedicationRecord['source'],
  prescriptionId: (r.prescription_id as string | null) ?? null,
  startedOn: (r.started_on_iso as string | null) ?? null,
  stoppedOn: (r.stopped_on_iso as string | null) ?? null,
  createdAt: (r.created_at as Date).toISOString(),
  updatedAt: (r.updated_at as Date).toISOString(),
});

const select = (trx: Knex.Transaction) =>
  trx('patient_medications').select(
    'patient_medications.*',
    trx.raw("to_char(started_on, 'YYYY-MM-DD') as started_on_iso"),
    trx.raw("to_char(stopped_on, 'YYYY-MM-DD') as stopped_on_iso"),
  );

/** Active medications as screening reads them. */
export async function activeMedications(trx: Knex.Transaction, patientId: string): Promise<MedicationRecord[]> {
  return ((await select(trx).where({ patient_id: patientId, status: 'active' }).orderBy('created_at')) as Row[]).map(toRecord);
}

/**
 * A prescription that reached the pharmacy joins the active list, unless the patient already takes
 * the drug (a refill continues the same therapy). Idempotent per prescription.
 */
export async function addPrescribedMedication(trx: Knex.Transaction, p: { tenantId: string; patientId: string; prescriptionId: string; rxcui: string; display: string }): Promise<void> {
  const already = await trx('patient_medications').where({ patient_id: p.patientId, rxcui: p.rxcui, status: 'active' }).first<{ id: string } | undefined>('id');
  if (already) return;
  await trx('patient_medications')
    .insert({ tenant_id: p.tenantId, patient_id: p.patientId, rxcui: p.rxcui, display: p.display, source: 'prescription', prescription_id: p.prescriptionId, started_on: trx.raw('current_date') })
    .onConflict('prescription_id')
    .ignore();
}

export async function listMedications(scope: AccessScope, patientId: string, status?: MedicationRecord['status']): Promise<MedicationRecord[]> {
  await requirePatientData(scope, patientId, 'read', 'PatientMedication');
  const query = select(scope.trx).where(accessibleWhere(scope.ability, 'read', 'PatientMedication', { table: 'patient_medications' })).andWhere({ patient_id: patientId });
  if (status) void query.andWhere({ status });
  const rows = (await query.orderBy([{ column: 'status' }, { column: 'created_at' }])) as Row[];
  await recordAudit(scope.trx, scope.actor, { action: 'read', entityType: 'PatientMedication', entityId: patientId, patientId });
  return rows.map(toRecord);
}

export async function createMedication(scope: AccessScope, patientId: string, input: MedicationCreateInput): Promise<MedicationRecord> {
  await requirePatientData(scope, patientId, 'create', 'PatientMedication');
  const [inserted] = await scope.trx('patient_medications')
    .insert({ tenant_id: scope.actor.tenantId, patient_id: patientId, rxcui: input.rxcui, display: input.display ?? null, started_on: input.startedOn ?? null })
    .returning<{ id: string }[]>('id');
  await recordAudit(scope.trx, scope.actor, { action: 'create', entityType: 'PatientMedication', entityId: inserted!.id, patientId });
  return toRecord((await select(scope.trx).where({ id: inserted!.id }).first()) as Row);
}

export async function updateMedication(scope: AccessScope, patientId: string, medicationId: string, input: MedicationUpdateInput): Promise<MedicationRecord> {
  await requirePatientData(scope, patientId, 'update', 'PatientMedication');
  const stoppedOn = input.status === 'active' ? null : (input.stoppedOn ?? scope.trx.raw('current_date'));
  const updated = await scope.trx('patient_medications')
    .where(accessibleWhere(scope.ability, 'update', 'PatientMedication'))
    .andWhere({ id: medicationId, patient_id: patientId })
    .update({ status: input.status, stopped_on: stoppedOn, updated_at: scope.trx.fn.now() });
  if (updated === 0) throw notVisible('update', 'PatientMedication', medicationId, patientId);
  await recordAudit(scope.trx, scope.actor, { action: 'update', entityType: 'PatientMedication', entityId: medicationId, patientId, details: { status: input.status } });
  return toRecord((await select(scope.trx).where({ id: medicationId }).first()) as Row);
}
