import { Router } from 'express';
import { type AppDeps } from '../../api/app-deps.js';
import { defineRoute } from '../../api/openapi/define-route.js';
import { z } from '../../api/openapi/registry.js';
import { withRequestTenant } from '../../authz/request-scope.js';
import { PageQuery, pageSchema } from '../../registry/shared/pagination.js';
import { Code, IdParams } from '../../registry/shared/validators.js';
import { eraseMessageContent } from '../communications/erase-message-content.js';
import { listOutbox } from '../communications/dev-outbox.js';
import { listCommunications } from '../communications/list-communications.js';

const iso = z.string().nullable();
export const CommunicationView = z
  .object({
    id: z.uuid(),
    direction: z.enum(['outbound', 'inbound']),
    channel: z.string().nullable(),
    template: z.string().nullable(),
    purpose: z.string().nullable(),
    status: z.string(),
    reason: z.string().nullable(),
    errorCode: z.string().nullable(),
    intent: z.string().nullable(),
    keyword: z.string().nullable(),
    attempts: z.number().nullable(),
    at: z.string(),
    sentAt: iso,
    completedAt: iso,
    deferredUntil: iso,
    fallbackOf: z.string().nullable(),
  })
  .openapi('Communication');

const OutboxView = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      at: z.string(),
      status: z.string(),
      reason: z.string().nullable(),
      template: z.string(),
      purpose: z.string(),
      recipient: z.record(z.string(), z.string()),
      message: z.record(z.string(), z.string()),
    }),
  ),
});

const MessageContentErasureView = z
  .object({ patientId: z.uuid(), erased: z.number().int(), inFlight: z.number().int(), erasedAt: z.string() })
  .openapi('MessageContentErasure');

/** The staff view of a patient's messages, and (outside production) the development outbox. */
export function communicationRoutes({ db, config }: AppDeps): Router {
  const router = Router();
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/patients/:id/communications',
    summary: "A patient's messages: sent, suppressed, deferred and received, with statuses (no message text)",
    tags: ['Patients'],
    permission: ['read', 'Communication'],
    params: IdParams,
    query: PageQuery,
    responses: { 200: { description: 'Newest first', schema: pageSchema(CommunicationView) } },
    handler: ({ params, query }) => withRequestTenant(db, (scope) => listCommunications(scope, params.id, query)),
  });
  defineRoute(router, {
    method: 'post',
    path: '/api/v1/patients/:id/message-content-erasure',
    summary: "Erase the contact data in a patient's notification log (erasure request)",
    description:
      'Carries out an erasure request as far as medical-record retention allows: every message to the patient keeps its ' +
      'log entry (template, channel, status, times) and loses its sealed text, which holds the address and the message. ' +
      'Messages being sent at this moment keep theirs until the attempt settles (`inFlight`); repeat the request for them. ' +
      'The patient record itself is clinical and is retained. Audited with the request reference.',
    tags: ['Patients'],
    permission: ['erase', 'MessageContent'],
    params: IdParams,
    body: z.object({ reference: Code.describe('The erasure request this carries out (ticket or case number)') }),
    responses: { 200: { description: 'What was erased', schema: MessageContentErasureView } },
    handler: ({ params, body }) => withRequestTenant(db, (scope) => eraseMessageContent(scope, params.id, body)),
  });
  if (config.env !== 'production') {
    defineRoute(router, {
      method: 'get',
      path: '/api/v1/dev/outbox',
      summary: 'Development only: the texts and emails the tenant’s recipients would have received',
      description: 'Not served in production (404).',
      tags: ['Development'],
      permission: ['read', 'MessageContent'],
      query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
      responses: { 200: { description: 'Newest first', schema: OutboxView } },
      handler: async ({ query }) => ({ items: await withRequestTenant(db, (scope) => listOutbox(scope, config.payloadKeys, query.limit)) }),
    });
  }
  return router;
}
