import { Router } from 'express';
import { type AppDeps } from '../../api/app-deps.js';
import { defineRoute } from '../../api/openapi/define-route.js';
import { notVisible } from '../../authz/assert-can.js';
import { withRequestTenant } from '../../authz/request-scope.js';
import { recordAudit } from '../../audit/record-audit.js';
import { IdParams } from '../../registry/shared/validators.js';
import { createLabOrder } from '../orders/create-order.js';
import { findLabOrder } from '../orders/order-repository.js';
import { LabOrderCreate, LabOrderView } from './schemas.js';

const tags = ['Lab results'];

/** Lab orders: what incoming results are matched against (placer order number first). */
export function labOrderRoutes({ db }: AppDeps): Router {
  const router = Router();
  defineRoute(router, {
    method: 'post',
    path: '/api/v1/lab-orders',
    summary: 'Record a lab order (physician)',
    tags,
    permission: ['create', 'LabOrder'],
    body: LabOrderCreate,
    successStatus: 201,
    responses: { 201: { description: 'The order', schema: LabOrderView } },
    handler: ({ body }) => withRequestTenant(db, (scope) => createLabOrder(scope, body)),
  });
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/lab-orders/:id',
    summary: 'Read a lab order',
    tags,
    permission: ['read', 'LabOrder'],
    params: IdParams,
    responses: { 200: { description: 'The order', schema: LabOrderView } },
    handler: ({ params }) =>
      withRequestTenant(db, async (scope) => {
        const order = await findLabOrder(scope, params.id);
        if (!order) throw notVisible('read', 'LabOrder', params.id);
        await recordAudit(scope.trx, scope.actor, { action: 'read', entityType: 'LabOrder', entityId: order.id, patientId: order.patientId });
        return order;
      }),
  });
  return router;
}
