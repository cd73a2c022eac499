import { ApplicationFailure } from '@temporalio/common';
import { type Knex } from 'knex';
import { fn, raw } from 'objection';
import { type Actor } from '../../authz/actor.js';
import { recordAudit } from '../../audit/record-audit.js';
import { withTenant } from '../../db/tenant-scope.js';
import { userOfPractitioner } from '../../tasks/routing/people.js';
import { getOrCreatePool } from '../../tasks/pools.js';
import { REFERRAL_APPOINTMENT_NOT_VISIBLE } from '../../workflows/shared/referral.js';
import { type TaskAssignee } from '../../workflows/shared/tasks.js';
import { loadReferral } from './load-referral.js';
import { Referral } from './referral-model.js';

/** An `appointments` row (the appointments area's table, read and linked with plain Knex). */
interface AppointmentRow {
  id: string;
  patient_id: string;
  practitioner_id: string;
  status: string;
  starts_at: Date;
  ends_at: Date;
  referral_id: string | null;
}

export type LinkResult =
  | { linked: true; startsAt: string; endsAt: string; status: string }
  | { linked: false; reason: 'other-patient' | 'not-upcoming' | 'linked-elsewhere' };

async function appointmentRow(trx: Knex.Transaction, appointmentId: string): Promise<AppointmentRow> {
  const row = await trx('appointments').where({ id: appointmentId }).first<AppointmentRow | undefined>();
  if (!row) throw ApplicationFailure.create({ type: REFERRAL_APPOINTMENT_NOT_VISIBLE, message: 'appointment not visible' });
  return row;
}

/**
 * Links an appointment booked for the referral: the same patient, still upcoming, and not another
 * referral's. The appointment carries the referral's ID (set at booking, or here when it was booked
 * without it), and the referral the appointment's.
 */
export async function linkAppointment(db: Knex, input: { tenantId: string; referralId: string; appointmentId: string }, auditActor: Actor): Promise<LinkResult> {
  return withTenant(db, input.tenantId, async (trx) => {
    const referral = await loadReferral(trx, input.referralId, 'update');
    const appointment = await appointmentRow(trx, input.appointmentId);
    if (appointment.patient_id !== referral.patientId) return { linked: false, reason: 'other-patient' };
    if (appointment.referral_id && appointment.referral_id !== input.referralId) return { linked: false, reason: 'linked-elsewhere' };
    if (!['booked', 'confirmed', 'checked-in', 'completed'].includes(appointment.status)) return { linked: false, reason: 'not-upcoming' };
    if (!appointment.referral_id) await trx('appointments').where({ id: appointment.id }).update({ referral_id: input.referralId });
    if (referral.appointmentId !== appointment.id) {
      await Referral.query(trx).findById(input.referralId).patch({ appointmentId: appointment.id, version: raw('version + 1'), updatedAt: fn.now() });
      await recordAudit(trx, auditActor, {
        action: 'referral.appointment-linked',
        entityType: 'Referral',
        entityId: input.referralId,
        patientId: referral.patientId,
        details: { appointmentId: appointment.id },
      });
    }
    return { linked: true, startsAt: appointment.starts_at.toISOString(), endsAt: appointment.ends_at.toISOString(), status: appointment.status };
  });
}

/** The linked appointment's status and end, for the visit stage's periodic check. */
export async function readAppointment(db: Knex, input: { tenantId: string; appointmentId: string }): Promise<{ status: string; endsAt: string }> {
  return withTenant(db, input.tenantId, async (trx) => {
    const row = await appointmentRow(trx, input.appointmentId);
    return { status: row.status, endsAt: row.ends_at.toISOString() };
  });
}

/**
 * Who writes the consult report: the practitioner who saw the patient (routed to their cover while
 * they are away), else the receiving department's physicians, else the tenant's physicians.
 */
export async function reportAssignee(db: Knex, input: { tenantId: string; referralId: string; appointmentId: string | null }): Promise<TaskAssignee> {
  return withTenant(db, input.tenantId, async (trx) => {
    const referral = await loadReferral(trx, input.referralId);
    const appointment = input.appointmentId ? await trx('appointments').where({ id: input.appointmentId }).first<AppointmentRow | undefined>() : undefined;
    for (const practitionerId of [appointment?.practitioner_id, referral.targetPractitionerId]) {
      if (practitionerId && (await userOfPractitioner(trx, practitionerId))) return { practitionerId };
    }
    return { poolId: (await getOrCreatePool(trx, input.tenantId, referral.targetDepartmentId, 'physician')).id };
  });
}

/** An upcoming (or attended) appointment that carries the referral's ID, for a booking whose signal was lost. */
export async function bookedAppointmentOf(db: Knex, input: { tenantId: string; referralId: string }): Promise<string | null> {
  return withTenant(db, input.tenantId, async (trx) => {
    const row = await trx('appointments')
      .where({ referral_id: input.referralId })
      .whereIn('status', ['booked', 'confirmed', 'checked-in', 'completed'])
      .orderBy('created_at', 'desc')
      .first<{ id: string } | undefined>('id');
    return row?.id ?? null;
  });
}
