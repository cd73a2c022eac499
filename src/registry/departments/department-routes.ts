import { Router } from 'express';
import { type AppDeps } from '../../api/app-deps.js';
import { defineRoute } from '../../api/openapi/define-route.js';
import { z } from '../../api/openapi/registry.js';
import { withRequestTenant } from '../../authz/request-scope.js';
import { pageSchema } from '../shared/pagination.js';
import { IdParams } from '../shared/validators.js';
import { DepartmentCreate, DepartmentSearch, DepartmentUpdate, DepartmentView, MemberParams, MemberView } from './department-schemas.js';
import {
  addDepartmentMember,
  createDepartment,
  deleteDepartment,
  getDepartment,
  listDepartmentMembers,
  removeDepartmentMember,
  searchDepartmentsUseCase,
  updateDepartment,
} from './department-use-cases.js';

const tags = ['Departments'];

/** Departments (teams and work pools) with their lead, on-call practitioner and members. */
export function departmentRoutes({ db }: AppDeps): Router {
  const router = Router();
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/departments',
    summary: 'List departments',
    tags,
    permission: ['read', 'Department'],
    query: DepartmentSearch,
    responses: { 200: { description: 'Departments', schema: pageSchema(DepartmentView) } },
    handler: ({ query }) => withRequestTenant(db, (scope) => searchDepartmentsUseCase(scope, query)),
  });
  defineRoute(router, {
    method: 'post',
    path: '/api/v1/departments',
    summary: 'Create a department',
    tags,
    permission: ['create', 'Department'],
    body: DepartmentCreate,
    successStatus: 201,
    responses: { 201: { description: 'Created', schema: DepartmentView } },
    handler: ({ body }) => withRequestTenant(db, (scope) => createDepartment(scope, body)),
  });
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/departments/:id',
    summary: 'Read a department',
    tags,
    permission: ['read', 'Department'],
    params: IdParams,
    responses: { 200: { description: 'The department', schema: DepartmentView } },
    handler: ({ params }) => withRequestTenant(db, (scope) => getDepartment(scope, params.id)),
  });
  defineRoute(router, {
    method: 'patch',
    path: '/api/v1/departments/:id',
    summary: 'Change a department (name, lead, on-call practitioner)',
    tags,
    permission: ['update', 'Department'],
    params: IdParams,
    body: DepartmentUpdate,
    responses: { 200: { description: 'Changed', schema: DepartmentView } },
    handler: ({ params, body }) => withRequestTenant(db, (scope) => updateDepartment(scope, params.id, body)),
  });
  defineRoute(router, {
    method: 'delete',
    path: '/api/v1/departments/:id',
    summary: 'Delete a department',
    tags,
    permission: ['delete', 'Department'],
    params: IdParams,
    successStatus: 204,
    responses: { 204: { description: 'Deleted' } },
    handler: async ({ params }) => {
      await withRequestTenant(db, (scope) => deleteDepartment(scope, params.id));
      return undefined;
    },
  });
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/departments/:id/members',
    summary: 'List a department’s members',
    tags,
    permission: ['read', 'DepartmentMember'],
    params: IdParams,
    responses: { 200: { description: 'Members', schema: z.object({ items: z.array(MemberView) }) } },
    handler: async ({ params }) => {
      const members = await withRequestTenant(db, (scope) => listDepartmentMembers(scope, params.id));
      return { items: members.map(({ departmentId, userId, displayName, role }) => ({ departmentId, userId, displayName, role })) };
    },
  });
  defineRoute(router, {
    method: 'put',
    path: '/api/v1/departments/:id/members/:userId',
    summary: 'Add a staff user to a department',
    tags,
    permission: ['create', 'DepartmentMember'],
    params: MemberParams,
    successStatus: 204,
    responses: { 204: { description: 'Added (or already a member)' } },
    handler: async ({ params }) => {
      await withRequestTenant(db, (scope) => addDepartmentMember(scope, params.id, params.userId));
      return undefined;
    },
  });
  defineRoute(router, {
    method: 'delete',
    path: '/api/v1/departments/:id/members/:userId',
    summary: 'Remove a user from a department',
    tags,
    permission: ['delete', 'DepartmentMember'],
    params: MemberParams,
    successStatus: 204,
    responses: { 204: { description: 'Removed' } },
    handler: async ({ params }) => {
      await withRequestTenant(db, (scope) => removeDepartmentMember(scope, params.id, params.userId));
      return undefined;
    },
  });
  return router;
}
