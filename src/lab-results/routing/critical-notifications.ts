import { type Knex } from 'knex';
import { fn, raw } from 'objection';
import { type ObservationValue } from '../interop/index.js';
import { LabObservation, LabReport, LabReportRevision } from '../results/lab-report-model.js';
import { LabCriticalNotification } from './critical-notification-model.js';

/**
 * One row per critical result identified: receipt, identification, first alert, escalation and
 * acknowledgement times (NPSG.02.03.01 reporting). Receipt → acknowledgement is stored in seconds.
 */
export interface CriticalNotification {
  id: string;
  reportId: string;
  revisionId: string;
  receivedAt: string;
  identifiedAt: string;
  deadlineAt: string;
  acknowledgedAt: string | null;
  secondsToAck: number | null;
  escalationLevel: number;
}

/** The columns of a `CriticalNotification` (not who acknowledged it, nor the read-back). */
const NOTIFICATION_COLUMNS = ['id', 'report_id', 'revision_id', 'received_at', 'identified_at', 'deadline_at', 'acknowledged_at', 'seconds_to_ack', 'escalation_level'];

/** Idempotent per revision: a retried activity finds the notification it created. */
export async function openCriticalNotification(
  trx: Knex.Transaction,
  tenantId: string,
  input: { id: string; reportId: string; revisionId: string; criticalKey: string; corrected: boolean; deadlineSeconds: number },
): Promise<CriticalNotification> {
  await LabCriticalNotification.query(trx)
    .insert({
      id: input.id,
      tenantId,
      reportId: input.reportId,
      revisionId: input.revisionId,
      // Receipt is the revision's; identification and the deadline run on the database clock.
      receivedAt: LabReportRevision.query(trx).select('received_at').where('id', input.revisionId),
      identifiedAt: fn.now(),
      deadlineAt: raw('now() + make_interval(secs => ?)', [input.deadlineSeconds]),
      criticalKey: input.criticalKey,
      corrected: input.corrected,
    })
    .onConflict('revision_id')
    .ignore();
  await LabReport.query(trx).patch({ criticalState: 'awaiting-ack', escalationLevel: 0, updatedAt: fn.now() }).where('id', input.reportId);
  const notification = await LabCriticalNotification.query(trx).where('revision_id', input.revisionId).select(NOTIFICATION_COLUMNS).first();
  return notification!.toRecord<CriticalNotification>();
}

export async function markFirstAlert(trx: Knex.Transaction, notificationId: string): Promise<void> {
  await LabCriticalNotification.query(trx).patch({ firstAlertAt: raw('coalesce(first_alert_at, now())') }).where('id', notificationId);
}

export async function markEscalated(trx: Knex.Transaction, notification: { id: string; reportId: string }, level: number): Promise<void> {
  await LabCriticalNotification.query(trx)
    .patch({ escalationLevel: raw('greatest(escalation_level, ?)', [level]), escalatedAt: raw('coalesce(escalated_at, now())') })
    .where('id', notification.id);
  await LabReport.query(trx)
    .patch({ escalationLevel: raw('greatest(escalation_level, ?)', [level]), updatedAt: fn.now() })
    .where('id', notification.reportId);
}

/** The critical observations of the notification's revision (values, for read-back only). */
export async function criticalValues(trx: Knex.Transaction, notificationId: string): Promise<{ value: ObservationValue | null }[]> {
  const observations = await LabObservation.query(trx)
    .alias('o')
    .join('lab_critical_notifications as n', 'n.revision_id', 'o.revision_id')
    .where({ 'n.id': notificationId, 'o.classification': 'critical' })
    .select('o.value');
  return observations.map((observation) => ({ value: observation.value ?? null }));
}

export async function acknowledgeNotification(
  trx: Knex.Transaction,
  notificationId: string,
  by: { userId: string; practitionerId: string | null; readBack: string },
): Promise<CriticalNotification> {
  const [acknowledged] = await LabCriticalNotification.query(trx)
    .patch({
      acknowledgedAt: fn.now(),
      acknowledgedByUserId: by.userId,
      acknowledgedByPractitionerId: by.practitionerId,
      readBack: by.readBack,
      secondsToAck: raw('extract(epoch from now() - received_at)'),
    })
    .where('id', notificationId)
    .whereNull('acknowledged_at')
    .returning(NOTIFICATION_COLUMNS);
  // Already acknowledged (a retried activity): the acknowledgement that stands.
  const notification = acknowledged ?? (await LabCriticalNotification.query(trx).findById(notificationId).select(NOTIFICATION_COLUMNS));
  await LabReport.query(trx).patch({ criticalState: 'acknowledged', updatedAt: fn.now() }).where('id', notification!.reportId);
  return notification!.toRecord<CriticalNotification>();
}
