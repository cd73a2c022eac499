import { Router } from 'express';
import { type AppDeps } from '../../api/app-deps.js';
import { defineRoute } from '../../api/openapi/define-route.js';
import { withRequestTenant } from '../../authz/request-scope.js';
import { pageSchema } from '../shared/pagination.js';
import { IdParams } from '../shared/validators.js';
import { UserCreate, UserSearch, UserUpdate, UserView } from './user-schemas.js';
import { createUser, getUser, resetUserMfa, searchUsersUseCase, updateUser } from './user-use-cases.js';

const tags = ['Users'];

/** User administration (admins). Users are disabled rather than deleted: the audit trail names them. */
export function userRoutes({ db }: AppDeps): Router {
  const router = Router();
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/users',
    summary: 'List users',
    tags,
    permission: ['read', 'User'],
    query: UserSearch,
    responses: { 200: { description: 'Users', schema: pageSchema(UserView) } },
    handler: ({ query }) => withRequestTenant(db, (scope) => searchUsersUseCase(scope, query)),
  });
  defineRoute(router, {
    method: 'post',
    path: '/api/v1/users',
    summary: 'Create a user with a role',
    tags,
    permission: ['create', 'User'],
    body: UserCreate,
    successStatus: 201,
    responses: { 201: { description: 'Created', schema: UserView } },
    handler: ({ body }) => withRequestTenant(db, (scope) => createUser(scope, body)),
  });
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/users/:id',
    summary: 'Read a user',
    tags,
    permission: ['read', 'User'],
    params: IdParams,
    responses: { 200: { description: 'The user', schema: UserView } },
    handler: ({ params }) => withRequestTenant(db, (scope) => getUser(scope, params.id)),
  });
  defineRoute(router, {
    method: 'patch',
    path: '/api/v1/users/:id',
    summary: 'Change a user (role changes, disabling and password resets are audited privilege changes)',
    tags,
    permission: ['update', 'User'],
    params: IdParams,
    body: UserUpdate,
    responses: { 200: { description: 'Changed', schema: UserView } },
    handler: ({ params, body }) => withRequestTenant(db, (scope) => updateUser(scope, params.id, body)),
  });
  defineRoute(router, {
    method: 'post',
    path: '/api/v1/users/:id/mfa-reset',
    summary: 'Remove a user’s second factor so they enrol again',
    tags,
    permission: ['update', 'User'],
    params: IdParams,
    responses: { 200: { description: 'Reset', schema: UserView } },
    handler: ({ params }) => withRequestTenant(db, (scope) => resetUserMfa(scope, params.id)),
  });
  return router;
}
