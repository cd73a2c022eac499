import { type Knex } from 'knex';
import { fn } from 'objection';
import { accessibleWhere } from '../../authz/accessible-where.js';
import { notVisible } from '../../authz/assert-can.js';
import { type AccessScope } from '../../authz/request-scope.js';
import { recordAudit } from '../../audit/record-audit.js';
import { validationFailed } from '../../errors/app-error.js';
import { FHIR_AUTH_PAIR, type PharmacyCreateInput, type PharmacyUpdateInput } from './clinical-data-schemas.js';
import { PatientPharmacy, Pharmacy } from './pharmacy-model.js';
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
  fhirTokenUrl: string | null;
  fhirClientId: string | null;
  fhirScope: string | null;
  apiKeyId: string | null;
  active: boolean;
}

/** The columns of a record (the directory entry without its bookkeeping timestamps). */
const RECORD_COLUMNS = ['id', 'tenant_id', 'name', 'ncpdp_id', 'npi', 'phone', 'address_line', 'city', 'state', 'postal_code', 'transport', 'fhir_endpoint_url', 'fhir_token_url', 'fhir_client_id', 'fhir_scope', 'api_key_id', 'active'];

/** Only the fields a caller set (`undefined` means "leave as is"), with `null` kept to clear a value. */
const definedFields = (input: PharmacyCreateInput | PharmacyUpdateInput) => Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));

export async function findPharmacy(trx: Knex.Transaction, id: string): Promise<PharmacyRecord | undefined> {
  const pharmacy = await Pharmacy.query(trx).select(RECORD_COLUMNS).findById(id);
  return pharmacy?.toRecord<PharmacyRecord>();
}

/** The pharmacy whose service account an API key is; undefined for keys of other integrations. */
export async function pharmacyOfApiKey(trx: Knex.Transaction, apiKeyId: string): Promise<PharmacyRecord | undefined> {
  const pharmacy = await Pharmacy.query(trx).select(RECORD_COLUMNS).where({ api_key_id: apiKeyId, active: true }).first();
  return pharmacy?.toRecord<PharmacyRecord>();
}

export async function listPharmacies(scope: AccessScope, query: { active?: boolean }): Promise<PharmacyRecord[]> {
  const q = Pharmacy.query(scope.trx).select(RECORD_COLUMNS).where(accessibleWhere(scope.ability, 'read', 'Pharmacy'));
  if (query.active !== undefined) void q.where({ active: query.active });
  return (await q.orderBy(['name', 'id'])).map((p) => p.toRecord<PharmacyRecord>());
}

/** How strict the directory is: production sends prescriptions only over TLS, with a token. */
export interface PharmacyPolicy {
  production: boolean;
}

type TransportFields = Pick<PharmacyRecord, 'transport' | 'fhirEndpointUrl' | 'fhirTokenUrl' | 'fhirClientId' | 'fhirScope'> & { active?: boolean };

/**
 * The directory entry a change would leave, checked before it is written (a clear 422 rather than
 * a refused row). In production a FHIR pharmacy needs https endpoints and SMART Backend Services
 * settings: a prescription is PHI and a controlled-substance order, never sent unauthenticated. (An
 * entry being deactivated is not held to it, so an old one can always be switched off.)
 */
export function requireConsistentTransport(record: TransportFields, policy: PharmacyPolicy): void {
  const problems: { pointer: string; detail: string }[] = [];
  if (record.transport === 'fhir' && !record.fhirEndpointUrl) problems.push({ pointer: '/body/fhirEndpointUrl', detail: 'a fhir pharmacy needs fhirEndpointUrl' });
  if (Boolean(record.fhirTokenUrl) !== Boolean(record.fhirClientId)) problems.push({ pointer: '/body/fhirClientId', detail: FHIR_AUTH_PAIR });
  if (record.fhirScope && !record.fhirTokenUrl) problems.push({ pointer: '/body/fhirScope', detail: 'fhirScope needs fhirTokenUrl and fhirClientId' });
  const inService = policy.production && record.active !== false;
  if (inService && record.transport === 'fhir') {
    if (!record.fhirTokenUrl) problems.push({ pointer: '/body/fhirTokenUrl', detail: 'in production a fhir pharmacy needs fhirTokenUrl and fhirClientId (SMART Backend Services)' });
    for (const field of ['fhirEndpointUrl', 'fhirTokenUrl'] as const) {
      if (record[field] && !record[field].startsWith('https://')) problems.push({ pointer: `/body/${field}`, detail: 'must be an https URL in production' });
    }
  }
  if (inService && record.transport === 'dev') problems.push({ pointer: '/body/transport', detail: 'the dev transport only records prescriptions; it is not available in production' });
  if (problems.length > 0) throw validationFailed(problems);
}

export async function createPharmacy(scope: AccessScope, input: PharmacyCreateInput, policy: PharmacyPolicy): Promise<PharmacyRecord> {
  requireConsistentTransport({ fhirEndpointUrl: null, fhirTokenUrl: null, fhirClientId: null, fhirScope: null, ...input }, policy);
  const pharmacy = await Pharmacy.query(scope.trx)
    .insert({ ...definedFields(input), tenantId: scope.actor.tenantId })
    .returning(RECORD_COLUMNS);
  const record = pharmacy.toRecord<PharmacyRecord>();
  await recordAudit(scope.trx, scope.actor, { action: 'create', entityType: 'Pharmacy', entityId: record.id });
  return record;
}

export async function updatePharmacy(scope: AccessScope, id: string, input: PharmacyUpdateInput, policy: PharmacyPolicy): Promise<PharmacyRecord> {
  const existing = await Pharmacy.query(scope.trx).select(RECORD_COLUMNS).where(accessibleWhere(scope.ability, 'update', 'Pharmacy')).findById(id);
  if (!existing) throw notVisible('update', 'Pharmacy', id);
  requireConsistentTransport({ ...existing.toRecord<PharmacyRecord>(), ...definedFields(input) }, policy);
  const [pharmacy] = await Pharmacy.query(scope.trx)
    .patch({ ...definedFields(input), updatedAt: fn.now() })
    .where('id', id)
    .returning(RECORD_COLUMNS);
  const record = pharmacy!.toRecord<PharmacyRecord>();
  await recordAudit(scope.trx, scope.actor, { action: 'update', entityType: 'Pharmacy', entityId: id, details: { fields: Object.keys(input) } });
  return record;
}

export async function preferredPharmacyId(trx: Knex.Transaction, patientId: string): Promise<string | null> {
  const preference = await PatientPharmacy.query(trx).select('pharmacy_id').findById(patientId);
  return preference?.pharmacyId ?? null;
}

export async function getPreferredPharmacy(scope: AccessScope, patientId: string) {
  await requirePatientData(scope, patientId, 'read', 'PatientPharmacy');
  const preference = await PatientPharmacy.query(scope.trx).findById(patientId);
  await recordAudit(scope.trx, scope.actor, { action: 'read', entityType: 'PatientPharmacy', entityId: patientId, patientId });
  return { patientId, pharmacyId: preference?.pharmacyId ?? null, updatedAt: preference?.updatedAt ?? null };
}

export async function setPreferredPharmacy(scope: AccessScope, patientId: string, pharmacyId: string) {
  await requirePatientData(scope, patientId, 'update', 'PatientPharmacy');
  const pharmacy = await findPharmacy(scope.trx, pharmacyId);
  if (!pharmacy?.active) throw validationFailed([{ pointer: '/body/pharmacyId', detail: 'no active pharmacy with this ID in the directory' }]);
  await PatientPharmacy.query(scope.trx)
    .insert({ patientId, tenantId: scope.actor.tenantId, pharmacyId })
    .onConflict('patient_id')
    .merge({ pharmacyId, updatedAt: fn.now() });
  await recordAudit(scope.trx, scope.actor, { action: 'update', entityType: 'PatientPharmacy', entityId: patientId, patientId, details: { pharmacyId } });
  return getPreferredPharmacy(scope, patientId);
}
