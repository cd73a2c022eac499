import { type Knex } from 'knex';
import { fn } from 'objection';
import { definedFields } from '../../db/models/base-model.js';
import { accessibleWhere } from '../../authz/accessible-where.js';
import { type AccessScope } from '../../authz/request-scope.js';
import { likePrefix } from '../shared/validators.js';
import { Patient } from './patient-model.js';

/** A patient as a plain object (camelCase; dates as ISO strings). */
export interface PatientRecord {
  [key: string]: unknown;
  id: string;
  tenantId: string;
  mrn: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  sex: string | null;
  mobileE164: string | null;
  email: string | null;
  preferredChannel: 'sms' | 'email' | 'none';
  language: string;
  timezone: string | null;
  smsConsent: 'granted' | 'revoked' | 'unknown';
  smsConsentSource: string | null;
  smsConsentAt: string | null;
  emailConsent: 'granted' | 'revoked' | 'unknown';
  emailConsentSource: string | null;
  emailConsentAt: string | null;
  responsibleParty: { name: string; relationship: string; mobileE164: string | null; email: string | null } | null;
  createdAt: string;
  updatedAt: string;
}

/** Patient fields to write; `responsibleParty: null` clears it. Undefined fields are left alone. */
export interface PatientFieldChanges {
  [field: string]: unknown;
  responsibleParty?: { name: string; relationship: string; mobileE164?: string | null; email?: string | null } | null;
}

export interface PatientFilters {
  q?: string;
  mrn?: string;
  birthDate?: string;
}

/** Patients the caller may read, matching every filter, ordered by name. */
export async function searchPatients(scope: AccessScope, filters: PatientFilters, page: { limit: number; offset: number }): Promise<PatientRecord[]> {
  const query = Patient.query(scope.trx).where(accessibleWhere(scope.ability, 'read', 'Patient'));
  if (filters.mrn) void query.where('mrn', filters.mrn);
  if (filters.birthDate) void query.where('birth_date', filters.birthDate);
  for (const word of (filters.q ?? '').trim().toLowerCase().split(/\s+/).filter(Boolean)) {
    void query.where((w) => w.whereRaw('lower(family_name) like ?', [likePrefix(word)]).orWhereRaw('lower(given_name) like ?', [likePrefix(word)]));
  }
  const patients = await query.orderBy(['family_name', 'given_name', 'id']).limit(page.limit + 1).offset(page.offset);
  return patients.map((p) => p.toRecord<PatientRecord>());
}

/** The patient if the caller may perform `action` on it (`read` by default); undefined otherwise. */
export async function findPatient(scope: AccessScope, id: string, action: 'read' | 'update' = 'read'): Promise<PatientRecord | undefined> {
  const patient = await Patient.query(scope.trx).where(accessibleWhere(scope.ability, action, 'Patient')).findById(id);
  return patient?.toRecord<PatientRecord>();
}

export async function insertPatient(trx: Knex.Transaction, tenantId: string, fields: PatientFieldChanges): Promise<string> {
  const patient = await Patient.query(trx).insert({ ...(definedFields(fields) as Partial<Patient>), tenantId }).returning('id');
  return patient.id;
}

export async function updatePatientFields(trx: Knex.Transaction, id: string, fields: PatientFieldChanges): Promise<void> {
  await Patient.query(trx).patch({ ...(definedFields(fields) as Partial<Patient>), updatedAt: fn.now() }).where('id', id);
}
