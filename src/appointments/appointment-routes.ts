import { Router } from 'express';
import { defineRoute } from '../api/openapi/define-route.js';
import { z } from '../api/openapi/registry.js';
import { pageSchema } from '../registry/shared/pagination.js';
import { IdParams } from '../registry/shared/validators.js';
import { changeAppointmentStatus, cancelAppointment, rescheduleAppointment } from './appointment-changes.js';
import {
  AppointmentListQuery,
  AppointmentView,
  BookBody,
  CancelBody,
  RescheduleBody,
  StatusBody,
  WorkflowStateView,
} from './appointment-schemas.js';
import { type AppointmentDeps, bookAppointment, getAppointment, getAppointmentWorkflow, listAppointmentsUseCase } from './appointment-use-cases.js';

const tags = ['Appointments'];

/** Booking, changes, status updates and the reminder workflow's view. */
export function appointmentRoutes(appointments: AppointmentDeps): Router {
  const router = Router();
  defineRoute(router, {
    method: 'post',
    path: '/api/v1/appointments',
    summary: 'Book an appointment and start its reminder workflow',
    description:
      'Send an `Idempotency-Key` header to retry safely: a retry gets the first answer and books nothing. ' +
      'Answers 409 when the practitioner already has an appointment at that time, 503 (nothing booked) when the workflow cannot be started.',
    tags,
    permission: ['create', 'Appointment'],
    body: BookBody,
    successStatus: 201,
    responses: { 201: { description: 'Booked', schema: AppointmentView }, 503: { description: 'Temporal unreachable; nothing was booked' } },
    handler: async ({ body, req, res }) => {
      const result = await bookAppointment(appointments, body, req.header('idempotency-key'));
      if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
      res.status(result.status).json(result.body);
      return undefined;
    },
  });
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/appointments',
    summary: 'List appointments (a practitioner’s schedule, a patient’s appointments, a period)',
    tags,
    permission: ['read', 'Appointment'],
    query: AppointmentListQuery,
    responses: { 200: { description: 'Appointments the caller may see', schema: pageSchema(AppointmentView) } },
    handler: ({ query }) => listAppointmentsUseCase(appointments, query),
  });
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/appointments/:id',
    summary: 'Read an appointment with its reminder plan',
    tags,
    permission: ['read', 'Appointment'],
    params: IdParams,
    responses: { 200: { description: 'The appointment; `workflow.state` is null while the workflow cannot answer', schema: AppointmentView } },
    handler: ({ params }) => getAppointment(appointments, params.id),
  });
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/appointments/:id/workflow',
    summary: 'The reminder workflow’s state only (operators)',
    tags,
    permission: ['read', 'AppointmentWorkflow'],
    params: IdParams,
    responses: {
      200: { description: 'Plan, phase and status', schema: z.object({ appointmentId: z.uuid(), workflowId: z.string(), state: WorkflowStateView.nullable() }) },
    },
    handler: ({ params }) => getAppointmentWorkflow(appointments, params.id),
  });
  defineRoute(router, {
    method: 'post',
    path: '/api/v1/appointments/:id/reschedule',
    summary: 'Move an appointment; the reminder plan is recomputed and the patient told',
    tags,
    permission: ['update', 'Appointment'],
    params: IdParams,
    body: RescheduleBody,
    responses: { 200: { description: 'Moved', schema: AppointmentView } },
    handler: ({ params, body }) => rescheduleAppointment(appointments, params.id, body),
  });
  defineRoute(router, {
    method: 'post',
    path: '/api/v1/appointments/:id/cancel',
    summary: 'Cancel an appointment (staff, or the patient their own); the slot is freed',
    tags,
    permission: ['cancel', 'Appointment'],
    params: IdParams,
    body: CancelBody,
    responses: { 200: { description: 'Cancelled', schema: AppointmentView } },
    handler: ({ params, body }) => cancelAppointment(appointments, params.id, body),
  });
  for (const [segment, status, summary] of [
    ['check-in', 'checked-in', 'Check the patient in'],
    ['complete', 'completed', 'Mark the visit completed (ends the workflow)'],
    ['no-show', 'no-show', 'Record a no-show (the patient is offered to rebook)'],
  ] as const) {
    defineRoute(router, {
      method: 'post',
      path: `/api/v1/appointments/:id/${segment}`,
      summary,
      tags,
      permission: ['update', 'Appointment'],
      params: IdParams,
      body: StatusBody,
      responses: { 200: { description: 'Updated', schema: AppointmentView } },
      handler: ({ params, body }) => changeAppointmentStatus(appointments, params.id, status, body),
    });
  }
  return router;
}
