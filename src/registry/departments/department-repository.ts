import { type Knex } from 'knex';
import { fn } from 'objection';
import { definedFields } from '../../db/models/base-model.js';
import { accessibleWhere } from '../../authz/accessible-where.js';
import { type AccessScope } from '../../authz/request-scope.js';
import { likePrefix } from '../shared/validators.js';
import { Department, DepartmentMember } from './department-model.js';

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

/** The fields a caller may write; undefined ones are left alone. */
export type DepartmentFields = Partial<Pick<DepartmentRecord, 'name' | 'specialty' | 'leadPractitionerId' | 'onCallPractitionerId'>>;

export async function searchDepartments(scope: AccessScope, q: string | undefined, page: { limit: number; offset: number }): Promise<DepartmentRecord[]> {
  const query = Department.query(scope.trx).where(accessibleWhere(scope.ability, 'read', 'Department'));
  if (q) void query.whereRaw('lower(name) like ?', [likePrefix(q.toLowerCase())]);
  const departments = await query.orderBy(['name', 'id']).limit(page.limit + 1).offset(page.offset);
  return departments.map((d) => d.toRecord<DepartmentRecord>());
}

export async function findDepartment(scope: AccessScope, id: string): Promise<DepartmentRecord | undefined> {
  const department = await Department.query(scope.trx).where(accessibleWhere(scope.ability, 'read', 'Department')).findById(id);
  return department?.toRecord<DepartmentRecord>();
}

export async function insertDepartment(trx: Knex.Transaction, tenantId: string, fields: DepartmentFields): Promise<DepartmentRecord> {
  const department = await Department.query(trx).insert({ ...definedFields(fields), tenantId }).returning('*');
  return department.toRecord<DepartmentRecord>();
}

export async function updateDepartmentFields(trx: Knex.Transaction, id: string, fields: DepartmentFields): Promise<DepartmentRecord> {
  const [department] = await Department.query(trx).patch({ ...definedFields(fields), updatedAt: fn.now() }).where('id', id).returning('*');
  return department!.toRecord<DepartmentRecord>();
}

export async function deleteDepartmentRow(trx: Knex.Transaction, id: string): Promise<void> {
  await Department.query(trx).deleteById(id);
}

/** Members with the user's name and role (a join: the list shows who they are). */
export async function listMembers(scope: AccessScope, departmentId: string): Promise<MemberRecord[]> {
  const members = await DepartmentMember.query(scope.trx)
    .alias('m')
    .join('users as u', 'u.id', 'm.user_id')
    .where(accessibleWhere(scope.ability, 'read', 'DepartmentMember', { table: 'm' }))
    .andWhere('m.department_id', departmentId)
    .orderBy(['u.display_name', 'u.id'])
    .select('m.tenant_id', 'm.department_id', 'm.user_id', 'u.display_name', 'u.role');
  return members.map((m) => m.toRecord<MemberRecord>());
}

/** Adding someone who is already a member changes nothing. */
export async function addMember(trx: Knex.Transaction, tenantId: string, departmentId: string, userId: string): Promise<void> {
  await DepartmentMember.query(trx).insert({ tenantId, departmentId, userId }).onConflict(['department_id', 'user_id']).ignore();
}

export async function removeMember(trx: Knex.Transaction, departmentId: string, userId: string): Promise<number> {
  return DepartmentMember.query(trx).delete().where({ department_id: departmentId, user_id: userId });
}
