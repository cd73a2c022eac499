import { randomBytes, randomUUID } from 'node:crypto';
import { mintActionLink } from '../../../src/messaging/links/action-links.js';
import { insertIntent } from '../../../src/messaging/ledger/ledger-repository.js';
import { type TestTenant } from '../../support/identity.js';
import { type TestStack, TEST_SENDER_NUMBER } from '../../support/stack.js';
import { allow, PUBLIC, type RouteCase } from './expectations.js';

const messageSid = () => `SM${randomBytes(16).toString('hex')}`;

/**
 * A new patient who was emailed an appointment confirmation request: the ledger's intent and the
 * single-use action link its email carries (minted as the send activity does). The conversation the
 * link answers has ended, so using the link tells nobody ("closed"), as for a past appointment.
 */
async function emailedPatient(stack: TestStack, owner: TestTenant): Promise<{ patientId: string; token: string }> {
  const patientId = await owner.addPatient();
  const token = await owner.scoped(async (trx) => {
    const workflowId = `appointment-${randomUUID()}`;
    const { row } = await insertIntent(trx, {
      id: randomUUID(),
      tenantId: owner.id,
      idempotencyKey: `${workflowId}:confirm-request`,
      requestHash: randomBytes(16).toString('hex'),
      recipientType: 'patient',
      patientId,
      userId: null,
      template: 'appointment.confirm-request',
      purpose: 'appointment-reminder',
      channelChoice: 'email',
      subjectType: 'appointment',
      subjectId: randomUUID(),
      replyWorkflowId: workflowId,
      replyExpiresAt: new Date(Date.now() + 86_400_000),
      fallbackOf: null,
    });
    const url = await mintActionLink(
      trx,
      { secret: stack.config.messaging.actionLinkSecret, publicBaseUrl: stack.baseUrl },
      { tenantId: owner.id, messageId: row.id, patientId, workflowId, clinicName: 'Route check clinic', appointmentAt: new Date(Date.now() + 86_400_000), expiresAt: new Date(Date.now() + 86_400_000) },
    );
    return url.slice(url.lastIndexOf('/') + 1);
  });
  return { patientId, token };
}

/** Without Twilio's signature nobody gets through, whatever credentials they bring: 403, never 401. */
const UNSIGNED = allow([], { anonymous: 403 });

/**
 * Messaging: Twilio's webhooks, patients' action links, the staff communications view and the
 * development outbox.
 *
 * The webhooks authenticate Twilio by its request signature, not a user: these requests carry a
 * caller's bearer token or API key but no X-Twilio-Signature, so every caller is refused (a staff
 * token must not let anyone forge a patient's STOP or a delivery receipt); signed requests are
 * covered by test/messaging/webhooks.test.ts. Action links are capabilities: the signed,
 * single-use token is the key and the caller's credentials play no part, so any caller, from any
 * tenant, may use a link they hold.
 */
export const messagingRoutes: Record<string, RouteCase> = {
  'POST /api/v1/webhooks/twilio/sms': {
    expect: UNSIGNED,
    request: () => ({ path: '/api/v1/webhooks/twilio/sms', body: { MessageSid: messageSid(), From: '+15555550100', To: TEST_SENDER_NUMBER, Body: 'STOP' } }),
  },
  'POST /api/v1/webhooks/twilio/status': {
    expect: UNSIGNED,
    request: ({ owner }) => ({ path: `/api/v1/webhooks/twilio/status?t=${owner.id}`, body: { MessageSid: messageSid(), MessageStatus: 'delivered' } }),
  },
  'GET /l/{token}': {
    expect: PUBLIC,
    crossTenant: false,
    request: async ({ stack, owner }) => ({ path: `/l/${(await emailedPatient(stack, owner)).token}` }),
  },
  'POST /l/{token}': {
    expect: PUBLIC,
    crossTenant: false,
    request: async ({ stack, owner }) => ({ path: `/l/${(await emailedPatient(stack, owner)).token}`, body: { intent: 'confirm' } }),
  },
  'GET /api/v1/patients/{id}/communications': {
    // Another patient than the patient user's own: a patient may read communications, not these.
    expect: allow(['admin', 'scheduler', 'physician', 'nurse', 'ops'], { patient: 404 }),
    phi: true,
    request: async ({ stack, owner }) => ({ path: `/api/v1/patients/${(await emailedPatient(stack, owner)).patientId}/communications` }),
  },
  'POST /api/v1/patients/{id}/message-content-erasure': {
    expect: allow(['admin']),
    phi: true,
    request: async ({ owner }) => ({ path: `/api/v1/patients/${await owner.addPatient()}/message-content-erasure`, body: { reference: 'DSR-1' } }),
  },
  'GET /api/v1/dev/outbox': { expect: allow(['admin']), phi: true, request: () => ({ path: '/api/v1/dev/outbox?limit=5' }) },
};
