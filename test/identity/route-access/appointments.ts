import { randomUUID } from 'node:crypto';
import { DEFAULT_APPOINTMENT_SETTINGS } from '../../../src/appointments/settings.js';
import { ALWAYS_OPEN, inSeconds, sleep } from '../../appointments/support.js';
import { api } from '../../support/http.js';
import { type TestTenant } from '../../support/identity.js';
import { type TestStack } from '../../support/stack.js';
import { allow, type Caller, type RouteCase } from './expectations.js';
import { ensureWorker, perTenant, reusable } from './record-helpers.js';

const BOOKERS: Caller[] = ['admin', 'scheduler'];
const DAY_SECONDS = 86_400;
/** Each booking a slot of its own, a day or more ahead: visits on one practitioner's calendar never overlap. */
let nextSlot = 0;
const futureSlot = () => inSeconds(DAY_SECONDS + 3600 * nextSlot++);

/** Working hours all day, every day, set by the owner tenant's scheduler. */
async function openSchedule(stack: TestStack, owner: TestTenant, practitionerId: string): Promise<string> {
  const put = await api(stack.baseUrl, 'PUT', `/api/v1/practitioners/${practitionerId}/schedule`, { token: owner.token('scheduler'), body: ALWAYS_OPEN });
  if (put.status !== 200) throw new Error(`schedule not set: ${put.status} ${JSON.stringify(put.body)}`);
  return practitionerId;
}

/** The tenant's physician user, bookable all day (so "their own" schedule and appointments exist). */
const ownPractitioner = perTenant((stack, owner) => openSchedule(stack, owner, owner.users.physician.practitionerId!));
/** A colleague of the physician user, bookable all day: their schedule and visits are not the physician's. */
const colleague = perTenant(async (stack, owner) => openSchedule(stack, owner, await owner.addPractitioner()));

interface Visit {
  patientId?: string;
  practitionerId?: string;
  /** Computed at the moment of the request, so a start a few seconds ahead is still ahead however slow the set-up. */
  startsAt?: () => string;
}

/** Booked by the owner tenant's scheduler, starting its reminder workflow (the worker runs it). */
async function book(stack: TestStack, owner: TestTenant, visit: Visit = {}): Promise<string> {
  await ensureWorker(stack);
  const patientId = visit.patientId ?? (await owner.addPatient());
  const practitionerId = visit.practitionerId ?? (await colleague(stack, owner));
  const startsAt = (visit.startsAt ?? futureSlot)();
  const res = await api(stack.baseUrl, 'POST', '/api/v1/appointments', {
    token: owner.token('scheduler'),
    headers: { 'Idempotency-Key': randomUUID() },
    body: { patientId, practitionerId, startsAt, durationMinutes: 15, type: 'follow-up' },
  });
  if (res.status !== 201) throw new Error(`appointment not booked: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/** A visit that began a moment ago (a no-show can be recorded only once it has started), with a practitioner of its own. */
async function startedVisit(stack: TestStack, owner: TestTenant): Promise<string> {
  const practitionerId = await openSchedule(stack, owner, await owner.addPractitioner());
  let startsAt = '';
  const id = await book(stack, owner, { practitionerId, startsAt: () => (startsAt = inSeconds(3)) });
  await sleep(Math.max(0, Date.parse(startsAt) - Date.now()) + 500);
  return id;
}

/** The patient user's own visit with the physician user: both see it in their lists. */
const sharedVisit = perTenant(async (stack, owner) => book(stack, owner, { patientId: owner.ownPatientId, practitionerId: await ownPractitioner(stack, owner) }));
/** Another patient's visit with the physician user: the physician's, not the patient user's. */
const physiciansVisit = perTenant(async (stack, owner) => book(stack, owner, { practitionerId: await ownPractitioner(stack, owner) }));
/** Another patient's visit with the colleague: neither the physician user's nor the patient user's. */
const othersVisit = perTenant((stack, owner) => book(stack, owner));
const upcoming = reusable((stack, owner) => book(stack, owner), BOOKERS);
const patientsOwnUpcoming = reusable((stack, owner) => book(stack, owner, { patientId: owner.ownPatientId }), [...BOOKERS, 'patient']);
const started = reusable(startedVisit, BOOKERS);

/** Leave on a practitioner of its own, a month ahead; the path names the practitioner and the exception. */
const leave = reusable(async (stack, owner) => {
  const practitionerId = await owner.addPractitioner();
  const res = await api(stack.baseUrl, 'POST', `/api/v1/practitioners/${practitionerId}/schedule-exceptions`, {
    token: owner.token('scheduler'),
    body: { kind: 'leave', startsAt: inSeconds(30 * DAY_SECONDS), endsAt: inSeconds(31 * DAY_SECONDS) },
  });
  if (res.status !== 201) throw new Error(`leave not added: ${res.status} ${JSON.stringify(res.body)}`);
  return `${practitionerId}/schedule-exceptions/${res.body.id as string}`;
}, BOOKERS);

/** A staff command on a fresh visit: schedulers and administrators only. */
const staffCommand = (command: string, visit: typeof upcoming, body: () => unknown = () => ({})): RouteCase => ({
  expect: allow(BOOKERS),
  phi: true,
  request: async (ctx) => ({ path: `/api/v1/appointments/${await visit(ctx)}/${command}`, body: body() }),
});

/**
 * Appointments and scheduling. Schedulers and administrators book and change visits and set working
 * hours; the physician user reads their own schedule and visits (another practitioner's are not
 * found); the patient user reads and cancels their own (another patient's are not found); ops read
 * the reminder workflow's state only; nurses, pharmacists and service accounts have no part in it.
 * Only administrators change the reminder settings.
 */
export const appointmentRoutes: Record<string, RouteCase> = {
  'POST /api/v1/appointments': {
    expect: allow(BOOKERS),
    phi: true,
    request: async ({ stack, owner }) => {
      await ensureWorker(stack);
      return {
        path: '/api/v1/appointments',
        headers: { 'Idempotency-Key': randomUUID() },
        body: { patientId: await owner.addPatient(), practitionerId: await colleague(stack, owner), startsAt: futureSlot(), durationMinutes: 15, type: 'new-patient' },
      };
    },
  },
  'GET /api/v1/appointments': {
    expect: allow([...BOOKERS, 'physician', 'patient']),
    phi: true,
    // A visit in every allowed caller's list (every appointment listed is audited).
    request: async ({ stack, owner }) => {
      await sharedVisit(stack, owner);
      return { path: '/api/v1/appointments?limit=5' };
    },
  },
  'GET /api/v1/appointments/{id}': {
    expect: allow([...BOOKERS, 'physician'], { patient: 404 }),
    phi: true,
    request: async ({ stack, owner }) => ({ path: `/api/v1/appointments/${await physiciansVisit(stack, owner)}` }),
  },
  'GET /api/v1/appointments/{id}/workflow': {
    expect: allow([...BOOKERS, 'ops'], { physician: 404 }),
    request: async ({ stack, owner }) => ({ path: `/api/v1/appointments/${await othersVisit(stack, owner)}/workflow` }),
  },
  'POST /api/v1/appointments/{id}/reschedule': staffCommand('reschedule', upcoming, () => ({ startsAt: futureSlot() })),
  'POST /api/v1/appointments/{id}/cancel': {
    expect: allow([...BOOKERS, 'patient']),
    phi: true,
    request: async (ctx) => ({ path: `/api/v1/appointments/${await patientsOwnUpcoming(ctx)}/cancel`, body: { reason: 'route-check' } }),
  },
  'POST /api/v1/appointments/{id}/check-in': staffCommand('check-in', upcoming),
  'POST /api/v1/appointments/{id}/complete': staffCommand('complete', upcoming),
  'POST /api/v1/appointments/{id}/no-show': staffCommand('no-show', started),

  'GET /api/v1/slots': {
    expect: allow([...BOOKERS, 'physician']),
    request: async ({ stack, owner }) => ({
      path: `/api/v1/slots?practitionerId=${await ownPractitioner(stack, owner)}&from=${encodeURIComponent(inSeconds(DAY_SECONDS))}&to=${encodeURIComponent(inSeconds(2 * DAY_SECONDS))}&duration=30`,
    }),
  },
  'GET /api/v1/practitioners/{id}/schedule': {
    expect: allow(BOOKERS, { physician: 404 }),
    request: async ({ stack, owner }) => ({ path: `/api/v1/practitioners/${await colleague(stack, owner)}/schedule` }),
  },
  'PUT /api/v1/practitioners/{id}/schedule': {
    expect: allow(BOOKERS),
    // The hours the colleague already has, so their visits stay bookable.
    request: async ({ stack, owner }) => ({ path: `/api/v1/practitioners/${await colleague(stack, owner)}/schedule`, body: ALWAYS_OPEN }),
  },
  'POST /api/v1/practitioners/{id}/schedule-exceptions': {
    expect: allow(BOOKERS),
    request: async ({ owner }) => ({
      path: `/api/v1/practitioners/${await owner.addPractitioner()}/schedule-exceptions`,
      body: { kind: 'training', startsAt: inSeconds(20 * DAY_SECONDS), endsAt: inSeconds(20 * DAY_SECONDS + 3600) },
    }),
  },
  'DELETE /api/v1/practitioners/{id}/schedule-exceptions/{exceptionId}': {
    expect: allow(BOOKERS),
    request: async (ctx) => ({ path: `/api/v1/practitioners/${await leave(ctx)}` }),
  },
  'GET /api/v1/locations': { expect: allow([...BOOKERS, 'physician']), request: () => ({ path: '/api/v1/locations' }) },
  'POST /api/v1/locations': { expect: allow(BOOKERS), request: () => ({ path: '/api/v1/locations', body: { name: `Route check room ${randomUUID().slice(0, 8)}` } }) },
  'GET /api/v1/settings/appointments': { expect: allow(BOOKERS), request: () => ({ path: '/api/v1/settings/appointments' }) },
  'PUT /api/v1/settings/appointments': {
    expect: allow(['admin']),
    // The defaults the test tenants run with, so their visits keep the same reminder plan.
    request: () => ({ path: '/api/v1/settings/appointments', body: DEFAULT_APPOINTMENT_SETTINGS }),
  },
};
