import { api } from '../support/http.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { createReferralClinic, eventually, type ReferralClinic, referralRow } from './support.js';

let stack: TestStack;
let clinic: ReferralClinic;
beforeAll(async () => {
  stack = await startTestStack({ worker: true });
  clinic = await createReferralClinic(stack);
});
afterAll(() => stack.close());

const settingsCall = (method: 'GET' | 'PUT', role: 'admin' | 'ops' | 'physician', body?: unknown) =>
  api(stack.baseUrl, method, '/api/v1/settings/referrals', { token: clinic.tenant.token(role), body });
const HOUR = 'PT3600S';
const everyUrgency = (value: unknown) => ({ routine: value, urgent: value, emergent: value });

describe('referral settings', () => {
  it('When an administrator reads them, then every stage and urgency is there, with the defaults where the tenant set nothing', async () => {
    const res = await settingsCall('GET', 'admin');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      // The test clinic set an hour for every SLA; the calendar is the default one.
      sla: Object.fromEntries(['triage', 'moreInfo', 'declineReview', 'booking', 'bookingFollowUp', 'report', 'review'].map((k) => [k, everyUrgency(HOUR)])),
      calendar: { weekend: [6, 7], holidays: [] },
      scheduling: 'patient',
      visitCheckInterval: 'PT2S',
    });
    expect((await settingsCall('GET', 'ops')).status).toBe(200);
    expect((await settingsCall('GET', 'physician')).status).toBe(403);
  });

  it('When an administrator sets a triage SLA, then the next referral is due by it, the other settings keep theirs, and the change is audited', async () => {
    const put = await settingsCall('PUT', 'admin', {
      sla: { triage: { routine: 'PT7M' }, review: { routine: { businessDays: 3 } } },
      calendar: { weekend: [6, 7], holidays: ['2026-12-25'] },
      scheduling: 'patient',
      visitCheckInterval: 'PT2S',
    });
    expect(put.status).toBe(200);
    expect(put.body.sla.triage).toEqual({ routine: 'PT7M', urgent: 'PT4H', emergent: 'PT1H' });
    expect(put.body.sla.review.routine).toEqual({ businessDays: 3 });
    expect(put.body.calendar.holidays).toEqual(['2026-12-25']);
    expect((await settingsCall('GET', 'ops')).body).toEqual(put.body);
    const stored = await stack.ownerDb('tenants').where({ id: clinic.tenant.id }).first('settings');
    expect(stored.settings.messaging).toEqual({ clinicName: 'Lakeside Clinic' });
    expect(await stack.ownerDb('audit_events').where({ tenant_id: clinic.tenant.id, entity_type: 'ReferralSettings', action: 'update' })).toEqual([
      expect.objectContaining({ actor_id: clinic.tenant.users.admin.id, details: { sla: ['triage.routine', 'review.routine'], scheduling: 'patient' } }),
    ]);

    const created = await clinic.refer();
    expect(created.status).toBe(201);
    const row = await eventually(async () => {
      const r = await referralRow(stack, created.body.id as string);
      return r.stage === 'triage' && r.stage_due_at ? r : undefined;
    });
    expect(row.stage_due_at.getTime() - row.sent_at.getTime()).toBeGreaterThanOrEqual(7 * 60_000 - 1000);
    expect(row.stage_due_at.getTime() - row.sent_at.getTime()).toBeLessThanOrEqual(7 * 60_000 + 5000);
  });

  it('When the settings hold a typo or an impossible value, then 400 names each one and nothing changes', async () => {
    const before = await settingsCall('GET', 'admin');
    const res = await settingsCall('PUT', 'admin', {
      sla: { triag: { routine: 'PT1H' }, booking: { routin: 'P3D', urgent: 'P2X' }, report: { emergent: { businessDays: 0 } } },
      calendar: { weekend: [6, 8, 6], holidays: ['12/25/2026'] },
      scheduling: 'robot',
      visitCheckInterval: 'PT0S',
      slas: {},
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const errors = (res.body.errors as { pointer: string; detail: string }[]).map((e) => `${e.pointer} ${e.detail}`);
    expect(errors).toEqual(
      expect.arrayContaining([
        '/body/sla Unrecognized key: "triag"',
        '/body/sla/booking Unrecognized key: "routin"',
        expect.stringMatching(/^\/body\/sla\/booking\/urgent must be a positive ISO 8601 duration/),
        expect.stringMatching(/^\/body\/sla\/report\/emergent\/businessDays /),
        expect.stringMatching(/^\/body\/calendar\/weekend\/1 /),
        '/body/calendar/weekend must not repeat a day',
        expect.stringMatching(/^\/body\/calendar\/holidays\/0 /),
        expect.stringMatching(/^\/body\/scheduling /),
        expect.stringMatching(/^\/body\/visitCheckInterval must be a positive ISO 8601 duration/),
        '/body Unrecognized key: "slas"',
      ]),
    );
    expect(errors).toHaveLength(10);
    expect((await settingsCall('GET', 'admin')).body).toEqual(before.body);
    expect((await settingsCall('PUT', 'ops', before.body)).status).toBe(403);
  });
});
