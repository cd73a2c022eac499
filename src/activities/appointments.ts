import { ApplicationFailure, Context } from '@temporalio/activity';
import { type Knex } from 'knex';
import { fn } from 'objection';
import { type AppointmentChanges, changeAppointment, factsOf, findAppointment } from '../appointments/appointment-repository.js';
import { appointmentSettingsOf, toWorkflowSettings } from '../appointments/settings.js';
import { SCHEDULING_TASK_TEXT, type SchedulingTaskKind } from '../appointments/scheduling-task-text.js';
import { systemActor } from '../authz/actor.js';
import { remindersTotal } from '../observability/metrics.js';
import { recordAudit } from '../audit/record-audit.js';
import { withTenant } from '../db/tenant-scope.js';
import { Tenant } from '../registry/tenant/tenant-model.js';
import { getOrCreatePool } from '../tasks/pools.js';
import {
  type AppointmentFacts,
  type AppointmentStatus,
  type AppointmentWorkflowInput,
  type AppointmentWorkflowSettings,
  UPCOMING_STATUSES,
} from '../workflows/shared/appointment.js';

export interface AppointmentActivityDeps {
  db: Knex;
}

/** ApplicationFailure type while the booking transaction that started the workflow has not committed. */
export const APPOINTMENT_NOT_VISIBLE = 'AppointmentNotVisible';

/**
 * What the appointment workflow does to PostgreSQL. Every write is a system action in the audit trail
 * (actor `appointment-workflow`, with the workflow ID), and every answer is the row's current facts, so
 * the workflow always continues from the database's truth rather than from its own assumptions.
 */
export function createAppointmentActivities({ db }: AppointmentActivityDeps) {
  const workflowId = () => Context.current().info.workflowExecution?.workflowId;
  const actorFor = (tenantId: string) => systemActor(tenantId, 'appointment-workflow', workflowId());

  async function current(trx: Knex.Transaction, appointmentId: string, lock?: 'share'): Promise<AppointmentFacts> {
    const appointment = await findAppointment(trx, appointmentId, { lock });
    if (!appointment) throw ApplicationFailure.create({ type: APPOINTMENT_NOT_VISIBLE, message: 'appointment not visible' });
    return factsOf(appointment);
  }

  return {
    /**
     * The booking request starts the workflow inside its own transaction, so the first attempts may run
     * before the row is committed; the retry policy waits for it, and gives up if the booking rolled back.
     */
    async loadAppointmentForWorkflow(input: AppointmentWorkflowInput): Promise<{ facts: AppointmentFacts; settings: AppointmentWorkflowSettings }> {
      return withTenant(db, input.tenantId, async (trx) => {
        const facts = await current(trx, input.appointmentId);
        const tenant = await Tenant.query(trx).select('settings').findById(input.tenantId);
        return { facts, settings: toWorkflowSettings(appointmentSettingsOf(tenant?.settings)) };
      });
    },

    /** The row as committed; a share lock waits for a staff change that is still being applied. */
    async readAppointmentState(input: AppointmentWorkflowInput): Promise<AppointmentFacts> {
      return withTenant(db, input.tenantId, (trx) => current(trx, input.appointmentId, 'share'));
    },

    /** A patient's reply (SMS or e-mail link) confirms or cancels, if the appointment is still upcoming. */
    async recordPatientDecision(
      input: AppointmentWorkflowInput & { decision: 'confirm' | 'decline'; via: 'sms' | 'email-link'; replyId: string; expectedVersion: number },
    ): Promise<AppointmentFacts> {
      return withTenant(db, input.tenantId, async (trx) => {
        const change: { fields: AppointmentChanges; from: readonly AppointmentStatus[] } =
          input.decision === 'confirm'
            ? { fields: { status: 'confirmed', confirmedAt: fn.now(), confirmedVia: input.via }, from: ['booked'] as const }
            : { fields: { status: 'cancelled', cancelledAt: fn.now(), cancelledBy: 'patient', cancelReason: 'patient-reply' }, from: UPCOMING_STATUSES };
        // A reply to a time that has since moved decides nothing: the patient gets the new time and is asked again.
        const changed = await changeAppointment(trx, input.appointmentId, change.fields, { fromStatuses: change.from, version: input.expectedVersion });
        if (!changed) return current(trx, input.appointmentId);
        await recordAudit(trx, actorFor(input.tenantId), {
          action: input.decision === 'confirm' ? 'appointment.confirm' : 'appointment.cancel',
          entityType: 'Appointment',
          entityId: input.appointmentId,
          patientId: changed.patientId,
          details: { via: input.via, replyId: input.replyId, version: changed.version },
        });
        return factsOf(changed);
      });
    },

    /**
     * No check-in by the end plus the grace period. Only for the version the workflow timed: a check-in
     * or a reschedule that won the race is kept, and the workflow continues from it.
     */
    async markNoShow(input: AppointmentWorkflowInput & { expectedVersion: number }): Promise<AppointmentFacts> {
      return withTenant(db, input.tenantId, async (trx) => {
        const changed = await changeAppointment(trx, input.appointmentId, { status: 'no-show', noShowAt: fn.now() }, {
          fromStatuses: UPCOMING_STATUSES,
          version: input.expectedVersion,
        });
        if (!changed) return current(trx, input.appointmentId);
        await recordAudit(trx, actorFor(input.tenantId), {
          action: 'appointment.no-show',
          entityType: 'Appointment',
          entityId: input.appointmentId,
          patientId: changed.patientId,
          details: { version: changed.version },
        });
        return factsOf(changed);
      });
    },

    /**
     * Before the workflow opens a scheduling task: its inbox title and instructions (no clinical
     * content; written once per task ID) and the tenant's scheduler pool, which it goes to.
     */
    async prepareSchedulingTask(input: AppointmentWorkflowInput & { taskId: string; kind: SchedulingTaskKind }): Promise<{ poolId: string; patientId: string }> {
      return withTenant(db, input.tenantId, async (trx) => {
        const facts = await current(trx, input.appointmentId);
        const text = SCHEDULING_TASK_TEXT[input.kind];
        await trx('task_details')
          .insert({ task_id: input.taskId, tenant_id: input.tenantId, title: text.title, instructions: `${text.instructions} Appointment ${input.appointmentId}.` })
          .onConflict('task_id')
          .ignore();
        const pool = await getOrCreatePool(trx, input.tenantId, null, 'scheduler');
        return { poolId: pool.id, patientId: facts.patientId };
      });
    },

    /** Reminder and notice outcomes, plan changes: codes and IDs only. */
    async auditAppointmentAction(input: AppointmentWorkflowInput & { action: string; patientId: string; details: Record<string, unknown> }): Promise<void> {
      await recordAudit(db, actorFor(input.tenantId), {
        action: input.action,
        entityType: 'Appointment',
        entityId: input.appointmentId,
        patientId: input.patientId,
        details: input.details,
      });
      countReminderOutcomes(input.tenantId, input.action, input.details);
    },
  };
}

/** `smartclinix_reminders_total`: each step once when the plan is made, and each reminder's outcome. */
function countReminderOutcomes(tenant: string, action: string, details: Record<string, unknown>): void {
  if (action === 'appointment.reminder-plan' && Array.isArray(details.steps)) {
    for (const step of details.steps as { status?: unknown }[]) {
      remindersTotal.inc({ tenant, outcome: step.status === 'skipped' ? 'skipped' : 'planned' });
    }
  } else if (action === 'appointment.reminder' && typeof details.status === 'string') {
    remindersTotal.inc({ tenant, outcome: details.status });
  }
}

export type AppointmentActivities = ReturnType<typeof createAppointmentActivities>;
