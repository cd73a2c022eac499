import { type Knex } from 'knex';
import { accessibleWhere } from '../../authz/accessible-where.js';
import { type AccessScope } from '../../authz/request-scope.js';
import { likePrefix } from '../shared/validators.js';

export interface DepartmentRecord {
  [key: string]: unknown;
  id: string;
  tenantId: string;
  name: string;
  specialty: string | null;
  leadPractitionerId: string | null;
  onCallPractitionerId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface MemberRecord {
  [key: string]: unknown;
  tenantId: string;
  departmentId: string;
  userId: string;
  displayName: string;
  role: string;
}

type Row = Record<string, unknown>;
const COLUMN: Record<string, string> = {
  name: 'name',
  specialty: 'specialty',
  leadPractitionerId: 'lead_practitioner_id',
  onCallPractitionerId: 'on_call_practitioner_id',
};

const toRecord = (r: Row): DepartmentRecord => ({
  id: r.id as string,
  tenantId: r.tenant_id as string,
  name: r.name as string,
  specialty: (r.specialty as string | null) ?? null,
  leadPractitionerId: (r.lead_practitioner_id as string | null) ?? null,
  onCallPractitionerId: (r.on_call_practitioner_id as string | null) ?? null,
  createdAt: (r.created_at as Date).toISOString(),
  updatedAt: (r.updated_at as Date).toISOString(),
});

export const toColumns = (fields: Record<string, unknown>): Row =>
  Object.fromEntries(Object.entries(fields).filter(([k, v]) => COLUMN[k] && v !== undefined).map(([k, v]) => [COLUMN[k]!, v]));

export async function searchDepartments(scope: AccessScope, q: string | undefined, page: { limit: number; offset: number }): Promise<DepartmentRecord[]> {
  const query = scope.trx('departments').where(accessibleWhere(scope.ability, 'read', 'Department'));
  if (q) void query.whereRaw('lower(name) like ?', [likePrefix(q.toLowerCase())]);
  const rows = (await query.orderBy(['name', 'id']).limit(page.limit + 1).offset(page.offset)) as Row[];
  return rows.map(toRecord);
}

export async function findDepartment(scope: AccessScope, id: string): Promise<DepartmentRecord | undefined> {
  const row = (await scope.trx('departments').where(accessibleWhere(scope.ability, 'read', 'Department')).andWhere({ id }).first()) as Row | undefined;
  return row ? toRecord(row) : undefined;
}

export async function insertDepartment(trx: Knex.Transaction, tenantId: string, columns: Row): Promise<DepartmentRecord> {
  const [row] = (await trx('departments').insert({ ...columns, tenant_id: tenantId }).returning('*')) as Row[];
  return toRecord(row!);
}

export async function updateDepartmentColumns(trx: Knex.Transaction, id: string, columns: Row): Promise<DepartmentRecord> {
  const [row] = (await trx('departments').where({ id }).update({ ...columns, updated_at: trx.fn.now() }).returning('*')) as Row[];
  return toRecord(row!);
}

export async function deleteDepartmentRow(trx: Knex.Transaction, id: string): Promise<void> {
  await trx('departments').where({ id }).delete();
}

export async function listMembers(scope: AccessScope, departmentId: string): Promise<MemberRecord[]> {
  const rows = await scope
    .trx('department_members as m')
    .join('users as u', 'u.id', 'm.user_id')
    .where(accessibleWhere(scope.ability, 'read', 'DepartmentMember', { table: 'm' }))
    .andWhere('m.department_id', departmentId)
    .orderBy(['u.display_name', 'u.id'])
    .select<Row[]>('m.tenant_id', 'm.department_id', 'm.user_id', 'u.display_name', 'u.role');
  return rows.map((r) => ({
    tenantId: r.tenant_id as string,
    departmentId: r.department_id as string,
    userId: r.user_id as string,
    displayName: r.display_name as string,
    role: r.role as string,
  }));
}

export async function addMember(trx: Knex.Transaction, tenantId: string, departmentId: string, userId: string): Promise<void> {
  await trx('department_members').insert({ tenant_id: tenantId, department_id: departmentId, user_id: userId }).onConflict(['department_id', 'user_id']).ignore();
}

export async function removeMember(trx: Knex.Transaction, departmentId: string, userId: string): Promise<number> {
  return trx('department_members').where({ department_id: departmentId, user_id: userId }).delete();
}
