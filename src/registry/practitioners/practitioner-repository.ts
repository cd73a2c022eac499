import { type Knex } from 'knex';
import { accessibleWhere } from '../../authz/accessible-where.js';
import { type AccessScope } from '../../authz/request-scope.js';
import { likePrefix } from '../shared/validators.js';

export interface PractitionerRecord {
  [key: string]: unknown;
  id: string;
  tenantId: string;
  givenName: string;
  familyName: string;
  title: string | null;
  kind: 'physician' | 'resident' | 'nurse-practitioner' | 'physician-assistant' | 'nurse' | 'pharmacist';
  specialty: string | null;
  npi: string | null;
  deaNumber: string | null;
  canPrescribe: boolean;
  supervisingPractitionerId: string | null;
  timezone: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

type Row = Record<string, unknown>;

const COLUMN: Record<string, string> = {
  givenName: 'given_name',
  familyName: 'family_name',
  title: 'title',
  kind: 'kind',
  specialty: 'specialty',
  npi: 'npi',
  deaNumber: 'dea_number',
  canPrescribe: 'can_prescribe',
  supervisingPractitionerId: 'supervising_practitioner_id',
  timezone: 'timezone',
  active: 'active',
};

export function toRecord(r: Row): PractitionerRecord {
  return {
    id: r.id as string,
    tenantId: r.tenant_id as string,
    givenName: r.given_name as string,
    familyName: r.family_name as string,
    title: (r.title as string | null) ?? null,
    kind: r.kind as PractitionerRecord['kind'],
    specialty: (r.specialty as string | null) ?? null,
    npi: (r.npi as string | null) ?? null,
    deaNumber: (r.dea_number as string | null) ?? null,
    canPrescribe: r.can_prescribe as boolean,
    supervisingPractitionerId: (r.supervising_practitioner_id as string | null) ?? null,
    timezone: (r.timezone as string | null) ?? null,
    active: r.active as boolean,
    createdAt: (r.created_at as Date).toISOString(),
    updatedAt: (r.updated_at as Date).toISOString(),
  };
}

export function toColumns(fields: Record<string, unknown>): Row {
  return Object.fromEntries(Object.entries(fields).filter(([k, v]) => COLUMN[k] && v !== undefined).map(([k, v]) => [COLUMN[k]!, v]));
}

export async function searchPractitioners(
  scope: AccessScope,
  filters: { q?: string; kind?: string; active?: boolean },
  page: { limit: number; offset: number },
): Promise<PractitionerRecord[]> {
  const query = scope.trx('practitioners').where(accessibleWhere(scope.ability, 'read', 'Practitioner'));
  if (filters.kind) void query.where('kind', filters.kind);
  if (filters.active !== undefined) void query.where('active', filters.active);
  for (const word of (filters.q ?? '').trim().toLowerCase().split(/\s+/).filter(Boolean)) {
    void query.where((w) => w.whereRaw('lower(family_name) like ?', [likePrefix(word)]).orWhereRaw('lower(given_name) like ?', [likePrefix(word)]));
  }
  const rows = (await query.orderBy(['family_name', 'given_name', 'id']).limit(page.limit + 1).offset(page.offset)) as Row[];
  return rows.map(toRecord);
}

export async function findPractitioner(scope: AccessScope, id: string): Promise<PractitionerRecord | undefined> {
  const row = (await scope.trx('practitioners').where(accessibleWhere(scope.ability, 'read', 'Practitioner')).andWhere({ id }).first()) as Row | undefined;
  return row ? toRecord(row) : undefined;
}

export async function insertPractitioner(trx: Knex.Transaction, tenantId: string, columns: Row): Promise<PractitionerRecord> {
  const [row] = (await trx('practitioners').insert({ ...columns, tenant_id: tenantId }).returning('*')) as Row[];
  return toRecord(row!);
}

export async function updatePractitionerColumns(trx: Knex.Transaction, id: string, columns: Row): Promise<PractitionerRecord> {
  const [row] = (await trx('practitioners').where({ id }).update({ ...columns, updated_at: trx.fn.now() }).returning('*')) as Row[];
  return toRecord(row!);
}
