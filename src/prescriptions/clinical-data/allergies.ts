import { type Knex } from 'knex';
import { fn } from 'objection';
import { accessibleWhere } from '../../authz/accessible-where.js';
import { notVisible } from '../../authz/assert-can.js';
import { type AccessScope } from '../../authz/request-scope.js';
import { recordAudit } from '../../audit/record-audit.js';
import { PatientAllergy } from './allergy-model.js';
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

/** The columns of a record: who recorded an allergy stays in the table (and the audit trail). */
const RECORD_COLUMNS = ['id', 'tenant_id', 'patient_id', 'substance', 'reaction', 'severity', 'status', 'created_at', 'updated_at'];

/** Active allergies as screening reads them (no permission filter: activities act for the workflow). */
export async function activeAllergies(trx: Knex.Transaction, patientId: string): Promise<AllergyRecord[]> {
  const allergies = await PatientAllergy.query(trx).select(RECORD_COLUMNS).where({ patient_id: patientId, status: 'active' }).orderBy('created_at');
  return allergies.map((a) => a.toRecord<AllergyRecord>());
}

export async function listAllergies(scope: AccessScope, patientId: string): Promise<AllergyRecord[]> {
  await requirePatientData(scope, patientId, 'read', 'PatientAllergy');
  const allergies = await PatientAllergy.query(scope.trx)
    .select(RECORD_COLUMNS)
    .where(accessibleWhere(scope.ability, 'read', 'PatientAllergy'))
    .andWhere({ patient_id: patientId })
    .orderBy([{ column: 'status' }, { column: 'created_at' }]);
  await recordAudit(scope.trx, scope.actor, { action: 'read', entityType: 'PatientAllergy', entityId: patientId, patientId });
  return allergies.map((a) => a.toRecord<AllergyRecord>());
}

export async function createAllergy(scope: AccessScope, patientId: string, input: AllergyCreateInput): Promise<AllergyRecord> {
  await requirePatientData(scope, patientId, 'create', 'PatientAllergy');
  const allergy = await PatientAllergy.query(scope.trx)
    .insert({
      tenantId: scope.actor.tenantId,
      patientId,
      substance: input.substance,
      reaction: input.reaction ?? null,
      severity: input.severity ?? null,
      recordedBy: scope.actor.id,
    })
    .returning(RECORD_COLUMNS);
  const record = allergy.toRecord<AllergyRecord>();
  await recordAudit(scope.trx, scope.actor, { action: 'create', entityType: 'PatientAllergy', entityId: record.id, patientId });
  return record;
}

export async function updateAllergy(scope: AccessScope, patientId: string, allergyId: string, input: AllergyUpdateInput): Promise<AllergyRecord> {
  await requirePatientData(scope, patientId, 'update', 'PatientAllergy');
  const fields = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  const [allergy] = await PatientAllergy.query(scope.trx)
    .patch({ ...fields, updatedAt: fn.now() })
    .where(accessibleWhere(scope.ability, 'update', 'PatientAllergy'))
    .andWhere({ id: allergyId, patient_id: patientId })
    .returning(RECORD_COLUMNS);
  if (!allergy) throw notVisible('update', 'PatientAllergy', allergyId, patientId);
  await recordAudit(scope.trx, scope.actor, { action: 'update', entityType: 'PatientAllergy', entityId: allergyId, patientId, details: { fields: Object.keys(fields) } });
  return allergy.toRecord<AllergyRecord>();
}
