import { type Knex } from 'knex';
import { accessibleWhere } from '../../authz/accessible-where.js';
import { notVisible } from '../../authz/assert-can.js';
import { type AccessScope } from '../../authz/request-scope.js';
import { recordAudit } from '../../audit/record-audit.js';
import { validationFailed } from '../../errors/app-error.js';
import { type PharmacyCreateInput, type PharmacyUpdateInput } from './clinical-data-schemas.js';
import { requirePatientData } from './patient-access.js';

export interface PharmacyRecord {
  [key: string]: unknown;
  id: string;
  tenantId: string;
  name: string;
  ncpdpId: string | null;
  npi: string | null;
  phone: string | null;
  addressLine: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  transport: 'fhir' | 'dev';
  fhirEndpointUrl: string | null;
  apiKeyId: string | null;
  active: boolean;
}

type Row = Record<string, unknown>;
const COLUMNS: Record<string, string> = {
  name: 'name',
  ncpdpId: 'ncpdp_id',
  npi: 'npi',
  phone: 'phone',
  addressLine: 'address_line',
  city: 'city',
  state: 'state',
  postalCode: 'postal_code',
  transport: 'transport',
  fhirEndpointUrl: 'fhir_endpoint_url',
  apiKeyId: 'api_key_id',
  active: 'active',
};

const toRecord = (r: Row): PharmacyRecord =>
  ({
    id: r.id as string,
    tenantId: r.tenant_id as string,
    ...Object.fromEntries(Object.entries(COLUMNS).map(([field, column]) => [field, r[column] ?? null])),
  }) as PharmacyRecord;
const toColumns = (input: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(input).filter(([k, v]) => COLUMNS[k] && v !== undefined).map(([k, v]) => [COLUMNS[k]!, v]));

export async function findPharmacy(trx: Knex.Transaction, id: string): Promise<PharmacyRecord | undefined> {
  const row = (await trx('pharmacies').where({ id }).first()) as Row | undefined;
  return row ? toRecord(row) : undefined;
}

/** The pharmacy whose service account an API key is; undefined for keys of other integrations. */
export async function pharmacyOfApiKey(trx: Knex.Transaction, apiKeyId: string): Promise<PharmacyRecord | undefined> {
  const row = (await trx('pharmacies').where({ api_key_id: apiKeyId, active: true }).first()) as Row | undefined;
  return row ? toRecord(row) : undefined;
}

export async function listPharmacies(scope: AccessScope, query: { active?: boolean }): Promise<PharmacyRecord[]> {
  const q = scope.trx('pharmacies').where(accessibleWhere(scope.ability, 'read', 'Pharmacy'));
  if (query.active !== undefined) void q.where({ active: query.active });
  return ((await q.orderBy(['name', 'id'])) as Row[]).map(toRecord);
}

function requireFhirEndpoint(record: { transport: string; fhirEndpointUrl: string | null }): void {
  if (record.transport === 'fhir' && !record.fhirEndpointUrl) {
    throw validationFailed([{ pointer: '/body/fhirEndpointUrl', detail: 'a fhir pharmacy needs fhirEndpointUrl' }]);
  }
}

export async function createPharmacy(scope: AccessScope, input: PharmacyCreateInput): Promise<PharmacyRecord> {
  const [row] = (await scope.trx('pharmacies').insert({ ...toColumns(input), tenant_id: scope.actor.tenantId }).returning('*')) as Row[];
  const record = toRecord(row!);
  await recordAudit(scope.trx, scope.actor, { action: 'create', entityType: 'Pharmacy', entityId: record.id });
  return record;
}

export async function updatePharmacy(scope: AccessScope, id: string, input: PharmacyUpdateInput): Promise<PharmacyRecord> {
  const existing = await scope.trx('pharmacies').where(accessibleWhere(scope.ability, 'update', 'Pharmacy')).andWhere({ id }).first<Row | undefined>();
  if (!existing) throw notVisible('update', 'Pharmacy', id);
  const [row] = (await scope.trx('pharmacies').where({ id }).update({ ...toColumns(input), updated_at: scope.trx.fn.now() }).returning('*')) as Row[];
  const record = toRecord(row!);
  requireFhirEndpoint(record);
  await recordAudit(scope.trx, scope.actor, { action: 'update', entityType: 'Pharmacy', entityId: id, details: { fields: Object.keys(input) } });
  return record;
}

export async function preferredPharmacyId(trx: Knex.Transaction, patientId: string): Promise<string | null> {
  const row = await trx('patient_pharmacies').where({ patient_id: patientId }).first<{ pharmacy_id: string } | undefined>('pharmacy_id');
  return row?.pharmacy_id ?? null;
}

export async function getPreferredPharmacy(scope: AccessScope, patientId: string) {
  await requirePatientData(scope, patientId, 'read', 'PatientPharmacy');
  const row = await scope.trx('patient_pharmacies').where({ patient_id: patientId }).first<{ pharmacy_id: string; updated_at: Date } | undefined>();
  await recordAudit(scope.trx, scope.actor, { action: 'read', entityType: 'PatientPharmacy', entityId: patientId, patientId });
  return { patientId, pharmacyId: row?.pharmacy_id ?? null, updatedAt: row?.updated_at.toISOString() ?? null };
}

export async function setPreferredPharmacy(scope: AccessScope, patientId: string, pharmacyId: string) {
  await requirePatientData(scope, patientId, 'update', 'PatientPharmacy');
  const pharmacy = await findPharmacy(scope.trx, pharmacyId);
  if (!pharmacy?.active) throw validationFailed([{ pointer: '/body/pharmacyId', detail: 'no active pharmacy with this ID in the directory' }]);
  await scope.trx('patient_pharmacies')
    .insert({ patient_id: patientId, tenant_id: scope.actor.tenantId, pharmacy_id: pharmacyId })
    .onConflict('patient_id')
    .merge({ pharmacy_id: pharmacyId, updated_at: scope.trx.fn.now() });
  await recordAudit(scope.trx, scope.actor, { action: 'update', entityType: 'PatientPharmacy', entityId: patientId, patientId, details: { pharmacyId } });
  return getPreferredPharmacy(scope, patientId);
}
