import { Router } from 'express';
import { type AppDeps } from '../api/app-deps.js';
import { defineRoute } from '../api/openapi/define-route.js';
import { z } from '../api/openapi/registry.js';
import { IdParams, Timezone } from '../registry/shared/validators.js';
import { addException, createLocation, getSchedule, listLocations, listSlots, putSchedule, removeException } from './schedule-use-cases.js';
import { AppointmentSettings } from './settings.js';
import { getAppointmentSettings, putAppointmentSettings } from './settings-use-cases.js';

const tags = ['Scheduling'];
const Instant = z.iso.datetime({ offset: true });
const Clock = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'must be HH:mm (24:00 ends the day)');

const ScheduleBody = z.object({
  timezone: Timezone,
  slotIntervalMinutes: z.number().int().min(1).max(240).default(15),
  hours: z.array(z.object({ weekday: z.number().int().min(1).max(7).describe('1 = Monday … 7 = Sunday'), start: Clock, end: Clock })).max(50),
});
const ExceptionBody = z
  .object({ kind: z.enum(['leave', 'training', 'closure', 'other']), startsAt: Instant, endsAt: Instant })
  .refine((x) => Date.parse(x.endsAt) > Date.parse(x.startsAt), { message: 'endsAt must be after startsAt', path: ['endsAt'] });
const ExceptionView = z.object({ id: z.uuid(), practitionerId: z.uuid(), kind: z.string(), startsAt: z.string(), endsAt: z.string() });
const ScheduleView = z.object({
  practitionerId: z.uuid(),
  timezone: z.string(),
  slotIntervalMinutes: z.number(),
  hours: z.array(z.object({ weekday: z.number(), start: z.string(), end: z.string() })),
  exceptions: z.array(ExceptionView),
});
const SlotQuery = z.object({
  practitionerId: z.uuid(),
  from: Instant,
  to: Instant,
  duration: z.coerce.number().positive().max(720).describe('Minutes'),
});
const Location = z.object({ id: z.uuid(), name: z.string(), active: z.boolean() });

/** Practitioner schedules (working hours, leave), free slots, locations and the tenant's reminder settings. */
export function schedulingRoutes({ db }: AppDeps): Router {
  const router = Router();
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/practitioners/:id/schedule',
    summary: 'A practitioner’s weekly working hours and upcoming exceptions',
    tags,
    permission: ['read', 'PractitionerSchedule'],
    params: IdParams,
    responses: { 200: { description: 'The schedule', schema: ScheduleView } },
    handler: ({ params }) => getSchedule(db, params.id),
  });
  defineRoute(router, {
    method: 'put',
    path: '/api/v1/practitioners/:id/schedule',
    summary: 'Set a practitioner’s weekly working hours (in the schedule’s time zone)',
    tags,
    permission: ['update', 'PractitionerSchedule'],
    params: IdParams,
    body: ScheduleBody,
    responses: { 200: { description: 'The new schedule', schema: ScheduleView } },
    handler: ({ params, body }) => putSchedule(db, params.id, body),
  });
  defineRoute(router, {
    method: 'post',
    path: '/api/v1/practitioners/:id/schedule-exceptions',
    summary: 'Block time: leave, training, closure',
    tags,
    permission: ['update', 'PractitionerSchedule'],
    params: IdParams,
    body: ExceptionBody,
    successStatus: 201,
    responses: { 201: { description: 'Added', schema: ExceptionView } },
    handler: ({ params, body }) => addException(db, params.id, body),
  });
  defineRoute(router, {
    method: 'delete',
    path: '/api/v1/practitioners/:id/schedule-exceptions/:exceptionId',
    summary: 'Remove an exception',
    tags,
    permission: ['update', 'PractitionerSchedule'],
    params: z.object({ id: z.uuid(), exceptionId: z.uuid() }),
    responses: { 204: { description: 'Removed' } },
    handler: async ({ params }) => {
      await removeException(db, params.id, params.exceptionId);
      return undefined;
    },
  });
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/slots',
    summary: 'Free slots of a practitioner',
    tags,
    permission: ['read', 'PractitionerSchedule'],
    query: SlotQuery,
    responses: {
      200: {
        description: 'Slots of `duration` minutes starting in [from, to)',
        schema: z.object({ practitionerId: z.uuid(), timezone: z.string(), durationMinutes: z.number(), slots: z.array(z.object({ startsAt: z.string(), endsAt: z.string() })) }),
      },
    },
    handler: ({ query }) => listSlots(db, query),
  });
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/locations',
    summary: 'Locations of the clinic',
    tags,
    permission: ['read', 'Location'],
    responses: { 200: { description: 'Locations', schema: z.object({ items: z.array(Location) }) } },
    handler: () => listLocations(db),
  });
  defineRoute(router, {
    method: 'post',
    path: '/api/v1/locations',
    summary: 'Add a location',
    tags,
    permission: ['create', 'Location'],
    body: z.object({ name: z.string().min(1).max(120) }),
    successStatus: 201,
    responses: { 201: { description: 'Added', schema: Location } },
    handler: ({ body }) => createLocation(db, body),
  });
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/settings/appointments',
    summary: 'The reminder plan and no-show rules',
    tags,
    permission: ['read', 'AppointmentSettings'],
    responses: { 200: { description: 'Settings (defaults where unset)', schema: AppointmentSettings } },
    handler: () => getAppointmentSettings(db),
  });
  defineRoute(router, {
    method: 'put',
    path: '/api/v1/settings/appointments',
    summary: 'Set the reminder plan and no-show rules (ISO 8601 durations)',
    description: 'New appointments use the new plan; workflows already running keep theirs.',
    tags,
    permission: ['update', 'AppointmentSettings'],
    body: AppointmentSettings,
    responses: { 200: { description: 'Saved', schema: AppointmentSettings } },
    handler: ({ body }) => putAppointmentSettings(db, body),
  });
  return router;
}
