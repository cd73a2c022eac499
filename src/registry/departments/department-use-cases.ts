import { assertCan, notVisible } from '../../authz/assert-can.js';
import { type AccessScope } from '../../authz/request-scope.js';
import { recordAudit } from '../../audit/record-audit.js';
import { validationFailed } from '../../errors/app-error.js';
import { offsetOf, type Page, toPage } from '../shared/pagination.js';
import { requireReferences } from '../shared/references.js';
import { findEnabledUserRole } from '../users/user-repository.js';
import {
  addMember,
  deleteDepartmentRow,
  type DepartmentRecord,
  findDepartment,
  insertDepartment,
  listMembers,
  type MemberRecord,
  removeMember,
  searchDepartments,
  updateDepartmentFields,
} from './department-repository.js';
import { type DepartmentCreateInput, type DepartmentUpdateInput } from './department-schemas.js';

const practitionerRefs = (input: { leadPractitionerId?: string | null; onCallPractitionerId?: string | null }) => [
  { table: 'practitioners', id: input.leadPractitionerId, pointer: '/body/leadPractitionerId' },
  { table: 'practitioners', id: input.onCallPractitionerId, pointer: '/body/onCallPractitionerId' },
];

async function visibleDepartment(scope: AccessScope, id: string, action: 'read' | 'update' | 'delete'): Promise<DepartmentRecord> {
  const found = await findDepartment(scope, id);
  if (!found) throw notVisible(action, 'Department', id);
  assertCan(scope.ability, action, 'Department', found);
  return found;
}

export async function searchDepartmentsUseCase(scope: AccessScope, query: { q?: string; limit: number; cursor?: string }): Promise<Page<DepartmentRecord>> {
  const offset = offsetOf(query.cursor);
  return toPage(await searchDepartments(scope, query.q, { limit: query.limit, offset }), query.limit, offset);
}

export const getDepartment = (scope: AccessScope, id: string) => visibleDepartment(scope, id, 'read');

export async function createDepartment(scope: AccessScope, input: DepartmentCreateInput): Promise<DepartmentRecord> {
  await requireReferences(scope.trx, practitionerRefs(input));
  const created = await insertDepartment(scope.trx, scope.actor.tenantId, input);
  await recordAudit(scope.trx, scope.actor, { action: 'create', entityType: 'Department', entityId: created.id });
  return created;
}

/** Changing the lead or on-call practitioner changes who escalations reach, so it is audited. */
export async function updateDepartment(scope: AccessScope, id: string, changes: DepartmentUpdateInput): Promise<DepartmentRecord> {
  await visibleDepartment(scope, id, 'update');
  await requireReferences(scope.trx, practitionerRefs(changes));
  const updated = await updateDepartmentFields(scope.trx, id, changes);
  await recordAudit(scope.trx, scope.actor, { action: 'update', entityType: 'Department', entityId: id, details: { fields: Object.keys(changes) } });
  return updated;
}

export async function deleteDepartment(scope: AccessScope, id: string): Promise<void> {
  await visibleDepartment(scope, id, 'delete');
  await deleteDepartmentRow(scope.trx, id);
  await recordAudit(scope.trx, scope.actor, { action: 'delete', entityType: 'Department', entityId: id });
}

export async function listDepartmentMembers(scope: AccessScope, id: string): Promise<MemberRecord[]> {
  await visibleDepartment(scope, id, 'read');
  return listMembers(scope, id);
}

/** Members are staff users (a department is also a work pool); patients and service accounts cannot join. */
export async function addDepartmentMember(scope: AccessScope, id: string, userId: string): Promise<void> {
  const department = await visibleDepartment(scope, id, 'read');
  assertCan(scope.ability, 'create', 'DepartmentMember', { tenantId: department.tenantId, departmentId: id, userId });
  const role = await findEnabledUserRole(scope.trx, userId);
  if (!role) throw validationFailed([{ pointer: '/params/userId', detail: 'refers to a user that does not exist' }]);
  if (role === 'patient' || role === 'integration') throw validationFailed([{ pointer: '/params/userId', detail: 'only staff users can be members' }]);
  await addMember(scope.trx, scope.actor.tenantId, id, userId);
  await recordAudit(scope.trx, scope.actor, { action: 'add-member', entityType: 'Department', entityId: id, details: { userId } });
}

export async function removeDepartmentMember(scope: AccessScope, id: string, userId: string): Promise<void> {
  const department = await visibleDepartment(scope, id, 'read');
  assertCan(scope.ability, 'delete', 'DepartmentMember', { tenantId: department.tenantId, departmentId: id, userId });
  if ((await removeMember(scope.trx, id, userId)) === 0) throw notVisible('delete', 'DepartmentMember', userId);
  await recordAudit(scope.trx, scope.actor, { action: 'remove-member', entityType: 'Department', entityId: id, details: { userId } });
}
