import { Router } from 'express';
import { type AppDeps } from '../api/app-deps.js';
import { defineRoute } from '../api/openapi/define-route.js';
import { z } from '../api/openapi/registry.js';
import { withRequestTenant } from '../authz/request-scope.js';
import { listAuditEvents } from './audit-events.js';

const AuditEventView = z
  .object({
    id: z.string(),
    tenantId: z.uuid(),
    seq: z.number().int(),
    occurredAt: z.string(),
    actorType: z.string(),
    actorId: z.string().nullable(),
    actorRole: z.string().nullable(),
    workflowId: z.string().nullable(),
    action: z.string(),
    entityType: z.string().nullable(),
    entityId: z.string().nullable(),
    patientId: z.uuid().nullable(),
    outcome: z.enum(['allowed', 'denied']),
    reason: z.string().nullable(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    requestId: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    hash: z.string(),
  })
  .openapi('AuditEvent');

const Instant = z.iso.datetime({ offset: true });

/** The tamper-evident audit trail (admins). */
export function auditRoutes({ db }: AppDeps): Router {
  const router = Router();
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/audit-events',
    summary: 'Search the audit trail (newest first)',
    tags: ['Audit'],
    permission: ['read', 'AuditEvent'],
    query: z.object({
      patientId: z.uuid().optional(),
      actorId: z.string().max(100).optional(),
      entityType: z.string().max(60).optional(),
      entityId: z.string().max(100).optional(),
      action: z.string().max(60).optional(),
      outcome: z.enum(['allowed', 'denied']).optional(),
      from: Instant.optional(),
      to: Instant.optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      cursor: z.string().max(20).optional(),
    }),
    responses: { 200: { description: 'Events', schema: z.object({ items: z.array(AuditEventView), nextCursor: z.string().nullable() }) } },
    handler: ({ query }) => withRequestTenant(db, (scope) => listAuditEvents(scope, query)),
  });
  return router;
}
