import { type Response, Router } from 'express';
import { type AppDeps } from '../../api/app-deps.js';
import { defineRoute } from '../../api/openapi/define-route.js';
import { z } from '../../api/openapi/registry.js';
import { currentActor, withRequestTenant } from '../../authz/request-scope.js';
import { idempotent } from '../../idempotency/idempotent.js';
import { PageQuery, pageSchema } from '../../registry/shared/pagination.js';
import { createPrescriptionServices, type PrescriptionServices } from '../prescription-services.js';
import { PRESCRIPTION_STATUSES } from '../requests/prescription-record.js';
import { overridesSchema, prescriptionChangesSchema, prescriptionCreateSchema, refillRequestSchema } from '../requests/request-schemas.js';
import { recordPrescriptionRequest } from './create-prescription.js';
import { approvePrescription, denyPrescription } from './decide-prescription.js';
import { PrescriptionView } from './prescription-views.js';
import { getPrescription, listNotices, listPrescriptions } from './read-prescriptions.js';
import { getRefillRequest, recordRefillRequest } from './refill-requests.js';
import { awaitRouting, startPrescriptionWorkflow } from './workflow-starter.js';

const tags = ['Prescriptions'];
const IdParams = z.object({ id: z.uuid() });
const IdempotencyHeader = 'Send an `Idempotency-Key` header to make a retried request safe: the same key and body return the first answer.';
const Decision = z.object({ prescriptionId: z.uuid(), status: z.string(), contentDigest: z.string().optional() });
const RefillView = z.object({
  id: z.uuid(),
  refillOfPrescriptionId: z.uuid().nullable(),
  status: z.string(),
  decision: z.object({ outcome: z.string(), reason: z.string().nullable(), decidedAt: z.string().nullable() }).nullable(),
  sentAt: z.string().nullable(),
  createdAt: z.string(),
});
const ApproveBody = z.object({
  taskId: z.uuid().optional(),
  /** Controlled substances (Schedule II–V): a fresh code from the signer's authenticator app. */
  totpCode: z.string().regex(/^\d{6}$/, 'must be 6 digits').optional(),
  overrides: overridesSchema.optional(),
  /** Modify and approve: the changed fields are re-screened before signing. */
  changes: prescriptionChangesSchema.optional(),
});
const DenyBody = z.object({ taskId: z.uuid().optional(), reason: z.string().trim().min(1).max(1000) });
const ListQuery = PageQuery.extend({
  patientId: z.uuid().optional(),
  status: z.enum(PRESCRIPTION_STATUSES).optional(),
  signerUserId: z.uuid().optional(),
  controlled: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});

async function respondOnce<T>(services: PrescriptionServices, res: Response, scope: string, key: string | undefined, request: unknown, run: () => Promise<{ status: number; body: T }>) {
  const { actor } = currentActor();
  const result = await idempotent(services.db, { tenantId: actor.tenantId, actorId: actor.id, scope, key, request }, run);
  if (result.replayed) res.setHeader('idempotency-replayed', 'true');
  res.status(result.status).json(result.body);
  return undefined;
}

/** Prescription requests: create, refill requests, reads, and the signer's approve / deny. */
export function prescriptionRoutes(deps: AppDeps): Router {
  const router = Router();
  const services = createPrescriptionServices(deps);
  const start = (tenantId: string, prescriptionId: string) =>
    startPrescriptionWorkflow({ db: deps.db, temporal: deps.temporal, taskQueue: deps.config.temporal.taskQueue }, { tenantId, prescriptionId });

  defineRoute(router, {
    method: 'post',
    path: '/api/v1/prescriptions',
    summary: 'Request a prescription (nurse, resident or physician)',
    description: `Screened, then routed to the signer's task queue. A physician's own non-controlled request without a high finding is signed in the same action with \`sign: true\`. ${IdempotencyHeader}`,
    tags,
    permission: ['create', 'Prescription'],
    body: prescriptionCreateSchema,
    responses: { 201: { description: 'The request, screened and routed (or signed)', schema: PrescriptionView } },
    handler: ({ body, req, res }) =>
      respondOnce(services, res, 'prescriptions.create', req.header('idempotency-key'), body, async () => {
        const { actor } = currentActor();
        const { prescriptionId } = await withRequestTenant(deps.db, (scope) => recordPrescriptionRequest(scope, services, body));
        await start(actor.tenantId, prescriptionId);
        const state = await awaitRouting(deps.temporal, prescriptionId);
        let selfSign: { signed: boolean; reason?: string } | undefined;
        if (body.sign) {
          // The request exists either way; a refused signature leaves it in the signer's queue.
          selfSign = state?.selfSignEligible
            ? await approvePrescription(services, prescriptionId, {}).then(
                () => ({ signed: true }),
                (err: { code?: string }) => ({ signed: false, reason: err.code ?? 'not-signed' }),
              )
            : { signed: false, reason: 'not-eligible' };
        }
        return { status: 201, body: { ...(await getPrescription(services, prescriptionId)), ...(selfSign && { selfSign }) } };
      }),
  });

  defineRoute(router, {
    method: 'get',
    path: '/api/v1/prescriptions',
    summary: 'List prescription requests (filter by patient, status, signer, controlled)',
    tags,
    permission: ['read', 'Prescription'],
    query: ListQuery,
    responses: { 200: { description: 'Requests the caller may see, newest first', schema: pageSchema(PrescriptionView) } },
    handler: ({ query }) => withRequestTenant(deps.db, (scope) => listPrescriptions(scope, query)),
  });

  defineRoute(router, {
    method: 'post',
    path: '/api/v1/prescriptions/refill-requests',
    summary: 'Request a refill of an earlier prescription (pharmacy service account or patient)',
    description: IdempotencyHeader,
    tags,
    security: ['apiKey', 'bearerAuth'],
    permission: ['create', 'RefillRequest'],
    body: refillRequestSchema,
    successStatus: 202,
    responses: { 202: { description: 'Accepted; follow it with GET /api/v1/prescriptions/refill-requests/{id}', schema: RefillView } },
    handler: ({ body, req, res }) =>
      respondOnce(services, res, 'prescriptions.refill-request', req.header('idempotency-key'), body, async () => {
        const { actor } = currentActor();
        const { prescriptionId } = await withRequestTenant(deps.db, (scope) => recordRefillRequest(scope, body));
        await start(actor.tenantId, prescriptionId);
        return { status: 202, body: await withRequestTenant(deps.db, (scope) => getRefillRequest(scope, prescriptionId)) };
      }),
  });

  defineRoute(router, {
    method: 'get',
    path: '/api/v1/prescriptions/refill-requests/:id',
    summary: 'Follow a refill request you submitted',
    tags,
    security: ['apiKey', 'bearerAuth'],
    permission: ['read', 'RefillRequest'],
    params: IdParams,
    responses: { 200: { description: 'Its status and, when closed, the decision and reason', schema: RefillView } },
    handler: ({ params }) => withRequestTenant(deps.db, (scope) => getRefillRequest(scope, params.id)),
  });

  defineRoute(router, {
    method: 'get',
    path: '/api/v1/prescriptions/notices',
    summary: 'Your notices: requests of yours denied, expired or cancelled, with the reason',
    tags,
    permission: ['read', 'PrescriptionNotice'],
    responses: { 200: { description: 'Newest first', schema: z.object({ items: z.array(z.object({ id: z.uuid(), prescriptionId: z.uuid(), kind: z.string(), reason: z.string().nullable(), createdAt: z.string(), readAt: z.string().nullable() })) }) } },
    handler: async () => ({ items: await withRequestTenant(deps.db, listNotices) }),
  });

  defineRoute(router, {
    method: 'get',
    path: '/api/v1/prescriptions/:id',
    summary: 'A prescription request with its findings, decision and transmission history',
    tags,
    permission: ['read', 'Prescription'],
    params: IdParams,
    responses: { 200: { description: 'The request (fields the caller may see)', schema: PrescriptionView } },
    handler: ({ params }) => getPrescription(services, params.id),
  });

  defineRoute(router, {
    method: 'post',
    path: '/api/v1/prescriptions/:id/approve',
    summary: 'Approve (or modify and approve) and sign; a nurse approves a protocol refill',
    description: 'The same Workflow Update as completing the task in the inbox. Schedule II–V drugs need `totpCode`, checked now (EPCS).',
    tags,
    permission: ['decide', 'Prescription'],
    params: IdParams,
    body: ApproveBody,
    responses: { 200: { description: 'Signed (or approved under protocol)', schema: Decision } },
    handler: ({ params, body }) => approvePrescription(services, params.id, body),
  });

  defineRoute(router, {
    method: 'post',
    path: '/api/v1/prescriptions/:id/deny',
    summary: 'Deny a prescription request; the reason is sent to the requester',
    tags,
    permission: ['deny', 'Prescription'],
    params: IdParams,
    body: DenyBody,
    responses: { 200: { description: 'Denied', schema: Decision } },
    handler: ({ params, body }) => denyPrescription(services, params.id, body),
  });
  return router;
}
