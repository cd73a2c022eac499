import { type Knex } from 'knex';
import { fn, type PartialModelObject } from 'objection';
import { accessibleWhere } from '../../authz/accessible-where.js';
import { type AppAbility } from '../../authz/ability.js';
import { type Action, type SubjectType } from '../../authz/subjects.js';
import { Prescription } from './prescription-model.js';
import { type draftFields, type PrescriptionRecord, type PrescriptionStatus } from './prescription-record.js';

export interface PrescriptionFilters {
  patientId?: string;
  status?: PrescriptionStatus;
  signerUserId?: string;
  controlled?: boolean;
  requestedById?: string;
}

/** What a new request is recorded with; the rest (status, findings, decision…) starts at its default. */
export type NewPrescription = Pick<PrescriptionRecord, 'id' | 'tenantId' | 'workflowId' | 'patientId' | 'kind' | 'origin' | 'requestedBy' | 'prescriberId' | 'pharmacyId'> &
  Partial<Pick<PrescriptionRecord, 'refillOfPrescriptionId' | 'requestingPharmacyId'>> &
  ReturnType<typeof draftFields>;

/** Fields of the record to change (`decision` with the fields that change, `fn.now()` for times). */
export type PrescriptionChanges = PartialModelObject<Prescription>;

/** Columns named by permission conditions that are not the snake_case of the field. */
const CONDITION_COLUMNS = { requestedById: 'requested_by_id' };

export function permittedWhere(ability: AppAbility, action: Action, subject: SubjectType = 'Prescription') {
  return accessibleWhere(ability, action, subject, { table: 'prescriptions', columns: CONDITION_COLUMNS });
}

/** Without a permission filter: activities acting for the workflow (tenant scope still applies). */
export async function loadPrescription(trx: Knex.Transaction, id: string, options: { forUpdate?: boolean } = {}): Promise<PrescriptionRecord | undefined> {
  const query = Prescription.query(trx).findById(id);
  if (options.forUpdate) void query.forUpdate();
  return (await query)?.toRecord<PrescriptionRecord>();
}

/** The request if the caller may perform `action` on it; undefined otherwise (absent or not granted). */
export async function findPermittedPrescription(
  trx: Knex.Transaction,
  ability: AppAbility,
  id: string,
  action: Action = 'read',
  subject: SubjectType = 'Prescription',
): Promise<PrescriptionRecord | undefined> {
  const prescription = await Prescription.query(trx).where(permittedWhere(ability, action, subject)).findById(id);
  return prescription?.toRecord<PrescriptionRecord>();
}

export async function listPermittedPrescriptions(
  trx: Knex.Transaction,
  ability: AppAbility,
  filters: PrescriptionFilters,
  page: { limit: number; offset: number },
): Promise<PrescriptionRecord[]> {
  const query = Prescription.query(trx).where(permittedWhere(ability, 'read'));
  if (filters.patientId) void query.where('patient_id', filters.patientId);
  if (filters.status) void query.where('status', filters.status);
  if (filters.signerUserId) void query.where('signer_user_id', filters.signerUserId);
  if (filters.requestedById) void query.where('requested_by_id', filters.requestedById);
  if (filters.controlled !== undefined) void (filters.controlled ? query.whereNotNull('dea_schedule') : query.whereNull('dea_schedule'));
  const prescriptions = await query.orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id' }]).limit(page.limit + 1).offset(page.offset);
  return prescriptions.map((p) => p.toRecord<PrescriptionRecord>());
}

export async function insertPrescription(trx: Knex.Transaction, prescription: NewPrescription): Promise<void> {
  await Prescription.query(trx).insert(prescription);
}

export async function updatePrescription(trx: Knex.Transaction, id: string, changes: PrescriptionChanges): Promise<void> {
  await Prescription.query(trx).patch({ ...changes, updatedAt: fn.now() }).where('id', id);
}
