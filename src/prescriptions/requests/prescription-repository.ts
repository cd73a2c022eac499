import { type Knex } from 'knex';
import { accessibleWhere } from '../../authz/accessible-where.js';
import { type AppAbility } from '../../authz/ability.js';
import { type Action, type SubjectType } from '../../authz/subjects.js';
import { type PrescriptionRecord, type PrescriptionStatus, toRecord } from './prescription-record.js';

type Row = Record<string, unknown>;

export interface PrescriptionFilters {
  patientId?: string;
  status?: PrescriptionStatus;
  signerUserId?: string;
  controlled?: boolean;
  requestedById?: string;
}

/** Columns named by permission conditions that are not the snake_case of the field. */
const CONDITION_COLUMNS = { requestedById: 'requested_by_id' };

export function permittedWhere(ability: AppAbility, action: Action, subject: SubjectType = 'Prescription') {
  return accessibleWhere(ability, action, subject, { table: 'prescriptions', columns: CONDITION_COLUMNS });
}

/** Without a permission filter: activities acting for the workflow (tenant scope still applies). */
export async function loadPrescription(trx: Knex.Transaction, id: string, options: { forUpdate?: boolean } = {}): Promise<PrescriptionRecord | undefined> {
  const query = trx('prescriptions').where({ id });
  if (options.forUpdate) void query.forUpdate();
  const row = (await query.first()) as Row | undefined;
  return row ? toRecord(row) : undefined;
}

/** The request if the caller may perform `action` on it; undefined otherwise (absent or not granted). */
export async function findPermittedPrescription(
  trx: Knex.Transaction,
  ability: AppAbility,
  id: string,
  action: Action = 'read',
  subject: SubjectType = 'Prescription',
): Promise<PrescriptionRecord | undefined> {
  const row = (await trx('prescriptions').where(permittedWhere(ability, action, subject)).andWhere('prescriptions.id', id).first()) as Row | undefined;
  return row ? toRecord(row) : undefined;
}

export async function listPermittedPrescriptions(
  trx: Knex.Transaction,
  ability: AppAbility,
  filters: PrescriptionFilters,
  page: { limit: number; offset: number },
): Promise<PrescriptionRecord[]> {
  const query = trx('prescriptions').where(permittedWhere(ability, 'read'));
  if (filters.patientId) void query.where('patient_id', filters.patientId);
  if (filters.status) void query.where('status', filters.status);
  if (filters.signerUserId) void query.where('signer_user_id', filters.signerUserId);
  if (filters.requestedById) void query.where('requested_by_id', filters.requestedById);
  if (filters.controlled !== undefined) void (filters.controlled ? query.whereNotNull('dea_schedule') : query.whereNull('dea_schedule'));
  const rows = (await query.orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id' }]).limit(page.limit + 1).offset(page.offset)) as Row[];
  return rows.map(toRecord);
}

export async function insertPrescription(trx: Knex.Transaction, row: Row): Promise<void> {
  await trx('prescriptions').insert(row);
}

export async function updatePrescription(trx: Knex.Transaction, id: string, columns: Row): Promise<void> {
  await trx('prescriptions').where({ id }).update({ ...columns, updated_at: trx.fn.now() });
}
