import { type Knex } from 'knex';
import { accessibleWhere } from '../../authz/accessible-where.js';
import { type AccessScope } from '../../authz/request-scope.js';
import { likePrefix } from '../shared/validators.js';

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

type Row = Record<string, unknown>;
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : typeof v === 'string' ? v : null);

function toRecord(r: Row): PatientRecord {
  return {
    id: r.id as string,
    tenantId: r.tenant_id as string,
    mrn: r.mrn as string,
    givenName: r.given_name as string,
    familyName: r.family_name as string,
    birthDate: r.birth_date_iso as string,
    sex: (r.sex as string | null) ?? null,
    mobileE164: (r.mobile_e164 as string | null) ?? null,
    email: (r.email as string | null) ?? null,
    preferredChannel: r.preferred_channel as PatientRecord['preferredChannel'],
    language: r.language as string,
    timezone: (r.timezone as string | null) ?? null,
    smsConsent: r.sms_consent as PatientRecord['smsConsent'],
    smsConsentSource: (r.sms_consent_source as string | null) ?? null,
    smsConsentAt: iso(r.sms_consent_at),
    emailConsent: r.email_consent as PatientRecord['emailConsent'],
    emailConsentSource: (r.email_consent_source as string | null) ?? null,
    emailConsentAt: iso(r.email_consent_at),
    responsibleParty: r.responsible_party_name
      ? {
          name: r.responsible_party_name as string,
          relationship: (r.responsible_party_relationship as string) ?? '',
          mobileE164: (r.responsible_party_mobile_e164 as string | null) ?? null,
          email: (r.responsible_party_email as string | null) ?? null,
        }
      : null,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  };
}

/** Record fields → columns, for inserts and updates (responsibleParty is flattened). */
export interface PatientFieldChanges {
  [field: string]: unknown;
  responsibleParty?: { name: string; relationship: string; mobileE164?: string | null; email?: string | null } | null;
}

export function toColumns(fields: PatientFieldChanges): Row {
  const map: Record<string, string> = {
    mrn: 'mrn',
    givenName: 'given_name',
    familyName: 'family_name',
    birthDate: 'birth_date',
    sex: 'sex',
    mobileE164: 'mobile_e164',
    email: 'email',
    preferredChannel: 'preferred_channel',
    language: 'language',
    timezone: 'timezone',
  };
  const row: Row = {};
  for (const [field, column] of Object.entries(map)) {
    if (fields[field] !== undefined) row[column] = fields[field] ?? null;
  }
  if (fields.responsibleParty !== undefined) {
    const rp = fields.responsibleParty;
    row.responsible_party_name = rp?.name ?? null;
    row.responsible_party_relationship = rp?.relationship ?? null;
    row.responsible_party_mobile_e164 = rp?.mobileE164 ?? null;
    row.responsible_party_email = rp?.email ?? null;
  }
  return row;
}

const selectPatient = (trx: Knex.Transaction) => trx('patients').select('patients.*', trx.raw("to_char(birth_date, 'YYYY-MM-DD') as birth_date_iso"));

export interface PatientFilters {
  q?: string;
  mrn?: string;
  birthDate?: string;
}

/** Patients the caller may read, matching every filter, ordered by name. */
export async function searchPatients(scope: AccessScope, filters: PatientFilters, page: { limit: number; offset: number }): Promise<PatientRecord[]> {
  const query = selectPatient(scope.trx).where(accessibleWhere(scope.ability, 'read', 'Patient'));
  if (filters.mrn) void query.where('mrn', filters.mrn);
  if (filters.birthDate) void query.where('birth_date', filters.birthDate);
  for (const word of (filters.q ?? '').trim().toLowerCase().split(/\s+/).filter(Boolean)) {
    void query.where((w) => w.whereRaw('lower(family_name) like ?', [likePrefix(word)]).orWhereRaw('lower(given_name) like ?', [likePrefix(word)]));
  }
  const rows = (await query.orderBy([{ column: 'family_name' }, { column: 'given_name' }, { column: 'id' }]).limit(page.limit + 1).offset(page.offset)) as Row[];
  return rows.map(toRecord);
}

/** The patient if the caller may perform `action` on it (`read` by default); undefined otherwise. */
export async function findPatient(scope: AccessScope, id: string, action: 'read' | 'update' = 'read'): Promise<PatientRecord | undefined> {
  const row = (await selectPatient(scope.trx).where(accessibleWhere(scope.ability, action, 'Patient')).andWhere('patients.id', id).first()) as Row | undefined;
  return row ? toRecord(row) : undefined;
}

export async function insertPatient(trx: Knex.Transaction, tenantId: string, columns: Row): Promise<string> {
  const [row] = await trx('patients').insert({ ...columns, tenant_id: tenantId }).returning<{ id: string }[]>('id');
  return row!.id;
}

export async function updatePatientColumns(trx: Knex.Transaction, id: string, columns: Row): Promise<void> {
  await trx('patients').where({ id }).update({ ...columns, updated_at: trx.fn.now() });
}
