import { type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type MessagingActivityDeps } from '../../src/activities/messaging.js';
import { createApp } from '../../src/api/app.js';
import { createLogger } from '../../src/logging/logger.js';
import { inboundSmsParams, postSignedForm } from '../fakes/twilio-signature.js';
import { api } from '../support/http.js';
import { createTestTenant } from '../support/identity.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { type MessagingFixture, messagingFixture } from './support/fixture.js';

const NOON = () => new Date('2027-03-10T18:00:00Z');

let stack: TestStack;
let fx: MessagingFixture;
let deps: MessagingActivityDeps;
let patient: { id: string; mobile: string; email: string };
beforeAll(async () => {
  stack = await startTestStack();
  fx = await messagingFixture(stack);
  deps = await fx.deps({ clock: NOON });
  patient = await fx.addPatient({ email: 'unknown' });
  await fx.send(deps, fx.request(patient.id, { template: 'referral.accepted' }));
  await fx.send(deps, fx.request(patient.id, { template: 'referral.declined', channel: 'email' }));
  await postSignedForm(
    `${stack.baseUrl}/api/v1/webhooks/twilio/sms`,
    inboundSmsParams({ from: patient.mobile, to: fx.senderNumber, body: 'STOP', accountSid: stack.twilio.accountSid }),
    stack.twilio.authToken,
  );
});
afterAll(async () => {
  await fx.close();
  await stack.close();
});

const communications = (token: string, patientId = patient.id, query = '') => api(stack.baseUrl, 'GET', `/api/v1/patients/${patientId}/communications${query}`, { token });

describe('GET /api/v1/patients/:id/communications', () => {
  it('When a nurse reads a patient’s communications, then sent, suppressed and received items come with statuses and no text, and the read is audited', async () => {
    const res = await communications(fx.tenant.token('nurse'));
    expect(res.status).toBe(200);
    const items = res.body.items as Record<string, unknown>[];
    expect(items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ direction: 'outbound', channel: 'sms', template: 'referral.accepted', status: 'sent', attempts: 1 }),
        expect.objectContaining({ direction: 'outbound', template: 'referral.declined', status: 'suppressed', reason: 'no-consent' }),
        expect.objectContaining({ direction: 'inbound', channel: 'sms', intent: 'opt-out', keyword: 'STOP', status: 'opt-out' }),
        expect.objectContaining({ direction: 'outbound', template: 'messaging.opt-out-confirmation', purpose: 'keyword-response', status: 'sent' }),
      ]),
    );
    expect(items).toHaveLength(4);
    const json = JSON.stringify(res.body);
    expect(json).not.toContain(patient.mobile);
    expect(json).not.toContain('Lakeside');
    const audit = await stack.ownerDb('audit_events').where({ tenant_id: fx.tenant.id, entity_type: 'Communication', patient_id: patient.id, outcome: 'allowed' });
    expect(audit).toEqual([expect.objectContaining({ action: 'read', actor_id: fx.tenant.users.nurse.id })]);
  });

  it('When the list is longer than the page, then the cursor leads to the rest', async () => {
    const first = await communications(fx.tenant.token('scheduler'), patient.id, '?limit=3');
    const second = await communications(fx.tenant.token('scheduler'), patient.id, `?limit=3&cursor=${first.body.nextCursor}`);
    expect(first.body.items).toHaveLength(3);
    expect(second.body).toEqual({ items: [expect.any(Object)], nextCursor: null });
  });

  it('When a patient reads their own communications, then they may; another patient’s answer 404 and the denial is audited', async () => {
    const own = await communications(fx.tenant.token('patient'), fx.tenant.ownPatientId);
    expect(own.status).toBe(200);
    const other = await communications(fx.tenant.token('patient'), patient.id);
    expect(other.status).toBe(404);
    const denied = await stack.ownerDb('audit_events').where({ tenant_id: fx.tenant.id, patient_id: patient.id, outcome: 'denied', actor_id: fx.tenant.users.patient.id });
    expect(denied).toHaveLength(1);
  });

  it('When a pharmacist asks, then 403; when another tenant’s staff asks, then 404', async () => {
    expect((await communications(fx.tenant.token('pharmacist'))).status).toBe(403);
    const other = await createTestTenant(stack);
    expect((await communications(other.token('nurse'))).status).toBe(404);
  });
});

describe('GET /api/v1/dev/outbox', () => {
  it('When an administrator opens the development outbox, then they see what recipients would have received; others may not', async () => {
    const res = await api(stack.baseUrl, 'GET', '/api/v1/dev/outbox', { token: fx.tenant.token('admin') });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ template: 'referral.accepted', status: 'sent', message: { channel: 'sms', to: patient.mobile, body: expect.stringContaining('Lakeside Clinic: your referral has been accepted.') } }),
        expect.objectContaining({ template: 'messaging.opt-out-confirmation', message: expect.objectContaining({ to: patient.mobile }) }),
      ]),
    );
    expect((await api(stack.baseUrl, 'GET', '/api/v1/dev/outbox', { token: fx.tenant.token('nurse') })).status).toBe(403);
  });

  it('When the API runs in production, then the development outbox does not exist', async () => {
    const app = createApp({ config: { ...stack.config, env: 'production' }, db: stack.db, temporal: stack.temporal, logger: createLogger({ level: 'silent', name: 'test' }) });
    const server: Server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const res = await api(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 'GET', '/api/v1/dev/outbox', { token: fx.tenant.token('admin') });
      expect(res.status).toBe(404);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
