import { type Knex } from 'knex';
import { fn } from 'objection';
import { definedFields } from '../../db/models/base-model.js';
import { accessibleWhere } from '../../authz/accessible-where.js';
import { type AccessScope } from '../../authz/request-scope.js';
import { likePrefix } from '../shared/validators.js';
import { Practitioner, type PractitionerKind } from './practitioner-model.js';

/** A practitioner as a plain object (camelCase; timestamps as ISO strings). */
export interface PractitionerRecord {
  [key: string]: unknown;
  id: string;
  tenantId: string;
  givenName: string;
  familyName: string;
  title: string | null;
  kind: PractitionerKind;
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

/** The fields a caller may write; undefined ones are left alone. */
export type PractitionerFields = Partial<Omit<PractitionerRecord, 'id' | 'tenantId' | 'createdAt' | 'updatedAt'>>;

export async function searchPractitioners(
  scope: AccessScope,
  filters: { q?: string; kind?: string; active?: boolean },
  page: { limit: number; offset: number },
): Promise<PractitionerRecord[]> {
  const query = Practitioner.query(scope.trx).where(accessibleWhere(scope.ability, 'read', 'Practitioner'));
  if (filters.kind) void query.where('kind', filters.kind);
  if (filters.active !== undefined) void query.where('active', filters.active);
  for (const word of (filters.q ?? '').trim().toLowerCase().split(/\s+/).filter(Boolean)) {
    void query.where((w) => w.whereRaw('lower(family_name) like ?', [likePrefix(word)]).orWhereRaw('lower(given_name) like ?', [likePrefix(word)]));
  }
  const practitioners = await query.orderBy(['family_name', 'given_name', 'id']).limit(page.limit + 1).offset(page.offset);
  return practitioners.map((p) => p.toRecord<PractitionerRecord>());
}

export async function findPractitioner(scope: AccessScope, id: string): Promise<PractitionerRecord | undefined> {
  const practitioner = await Practitioner.query(scope.trx).where(accessibleWhere(scope.ability, 'read', 'Practitioner')).findById(id);
  return practitioner?.toRecord<PractitionerRecord>();
}

export async function insertPractitioner(trx: Knex.Transaction, tenantId: string, fields: PractitionerFields): Promise<PractitionerRecord> {
  const practitioner = await Practitioner.query(trx).insert({ ...definedFields(fields), tenantId }).returning('*');
  return practitioner.toRecord<PractitionerRecord>();
}

export async function updatePractitionerFields(trx: Knex.Transaction, id: string, fields: PractitionerFields): Promise<PractitionerRecord> {
  const [practitioner] = await Practitioner.query(trx).patch({ ...definedFields(fields), updatedAt: fn.now() }).where('id', id).returning('*');
  return practitioner!.toRecord<PractitionerRecord>();
}
