import { type Knex } from 'knex';
import { accessibleWhere } from '../../authz/accessible-where.js';
import { notVisible } from '../../authz/assert-can.js';
import { type AccessScope } from '../../authz/request-scope.js';
import { recordAudit } from '../../audit/record-audit.js';
import { type AllergyCreateInput, type AllergyUpdateInput } from './clinical-data-schemas.js';
import { requirePatientData } from './patient-access.js';

export interface AllergyRecord {
  [key: string]: unknown;
  id: string;
  tenantId: string;
  patientId: string;
  substance: string;
  reaction: string | null;
  severity: 'mild' | 'moderate' | 'severe' | null;
  status: 'active' | 'inactive' | 'entered-in-error';
  createdAt: string;
  updatedAt: string;
}

type Row = Record<string, unknown>;

const toRecord = (r: Row): AllergyRecord => ({
  id: r.id as string,
  tenantId: r.tenant_id as string,
  patientId: r.patient_id as string,
  substance: r.substance as string,
  reaction: (r.reaction as string | null) ?? null,
  severity: (r.severity as AllergyRecord['severity']) ?? null,
  status: r.status as AllergyRecord['status'],
  createdAt: (r.created_at as Date).toISOString(),
  updatedAt: (r.updated_at as Date).toISOString(),
});

/** Active allergies as screening reads them (no permission filter: activities act for the workflow). */
export async function activeAllergies(trx: Knex.Transaction, patientId: string): Promise<AllergyRecord[]> {
  const rows = (await trx('patient_allergies').where({ patient_id: patientId, status: 'active' }).orderBy('created_at')) as Row[];
  return rows.map(toRecord);
}

export async function listAllergies(scope: AccessScope, patientId: string): Promise<AllergyRecord[]> {
  await requirePatientData(scope, patientId, 'read', 'PatientAllergy');
  const rows = (await scope.trx('patient_allergies')
    .where(accessibleWhere(scope.ability, 'read', 'PatientAllergy'))
    .andWhere({ patient_id: patientId })
    .orderBy([{ column: 'status' }, { column: 'created_at' }])) as Row[];
  await recordAudit(scope.trx, scope.actor, { action: 'read', entityType: 'PatientAllergy', entityId: patientId, patientId });
  return rows.map(toRecord);
}

export async function createAllergy(scope: AccessScope, patientId: string, input: AllergyCreateInput): Promise<AllergyRecord> {
  await requirePatientData(scope, patientId, 'create', 'PatientAllergy');
  const [row] = (await scope.trx('patient_allergies')
    .insert({
      tenant_id: scope.actor.tenantId,
      patient_id: patientId,
      substance: input.substance,
      reaction: input.reaction ?? null,
      severity: input.severity ?? null,
      recorded_by: scope.actor.id,
    })
    .returning('*')) as Row[];
  const record = toRecord(row!);
  await recordAudit(scope.trx, scope.actor, { action: 'create', entityType: 'PatientAllergy', entityId: record.id, patientId });
  return record;
}

export async function updateAllergy(scope: AccessScope, patientId: string, allergyId: string, input: AllergyUpdateInput): Promise<AllergyRecord> {
  await requirePatientData(scope, patientId, 'update', 'PatientAllergy');
  const columns = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  const [row] = (await scope.trx('patient_allergies')
    .where(accessibleWhere(scope.ability, 'update', 'PatientAllergy'))
    .andWhere({ id: allergyId, patient_id: patientId })
    .update({ ...columns, updated_at: scope.trx.fn.now() })
    .returning('*')) as Row[];
  if (!row) throw notVisible('update', 'PatientAllergy', allergyId, patientId);
  await recordAudit(scope.trx, scope.actor, { action: 'update', entityType: 'PatientAllergy', entityId: allergyId, patientId, details: { fields: Object.keys(columns) } });
  return toRecord(row);
}
