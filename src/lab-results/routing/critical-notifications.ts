import { type Knex } from 'knex';
import { type ObservationValue } from '../interop/index.js';

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

type Row = Record<string, unknown>;
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : null);

const toNotification = (r: Row): CriticalNotification => ({
  id: r.id as string,
  reportId: r.report_id as string,
  revisionId: r.revision_id as string,
  receivedAt: iso(r.received_at)!,
  identifiedAt: iso(r.identified_at)!,
  deadlineAt: iso(r.deadline_at)!,
  acknowledgedAt: iso(r.acknowledged_at),
  secondsToAck: r.seconds_to_ack === null ? null : Number(r.seconds_to_ack),
  escalationLevel: r.escalation_level as number,
});

/** Idempotent per revision: a retried activity finds the notification it created. */
export async function openCriticalNotification(
  trx: Knex.Transaction,
  tenantId: string,
  input: { id: string; reportId: string; revisionId: string; criticalKey: string; corrected: boolean; deadlineSeconds: number },
): Promise<CriticalNotification> {
  await trx.raw(
    `insert into lab_critical_notifications (id, tenant_id, report_id, revision_id, received_at, identified_at, deadline_at, critical_key, corrected)
     select ?, ?, ?, r.id, r.received_at, now(), now() + make_interval(secs => ?), ?, ?
       from lab_report_revisions r where r.id = ?
     on conflict (revision_id) do nothing`,
    [input.id, tenantId, input.reportId, input.deadlineSeconds, input.criticalKey, input.corrected, input.revisionId],
  );
  await trx('lab_reports').where({ id: input.reportId }).update({ critical_state: 'awaiting-ack', escalation_level: 0, updated_at: trx.fn.now() });
  return toNotification((await trx('lab_critical_notifications').where({ revision_id: input.revisionId }).first()) as Row);
}

export async function markFirstAlert(trx: Knex.Transaction, notificationId: string): Promise<void> {
  await trx('lab_critical_notifications').where({ id: notificationId }).update({ first_alert_at: trx.raw('coalesce(first_alert_at, now())') });
}

export async function markEscalated(trx: Knex.Transaction, notification: { id: string; reportId: string }, level: number): Promise<void> {
  await trx('lab_critical_notifications')
    .where({ id: notification.id })
    .update({ escalation_level: trx.raw('greatest(escalation_level, ?)', [level]), escalated_at: trx.raw('coalesce(escalated_at, now())') });
  await trx('lab_reports')
    .where({ id: notification.reportId })
    .update({ escalation_level: trx.raw('greatest(escalation_level, ?)', [level]), updated_at: trx.fn.now() });
}

/** The critical observations of the notification's revision (values, for read-back only). */
export async function criticalValues(trx: Knex.Transaction, notificationId: string): Promise<{ value: ObservationValue | null }[]> {
  return trx('lab_observations as o')
    .join('lab_critical_notifications as n', 'n.revision_id', 'o.revision_id')
    .where({ 'n.id': notificationId, 'o.classification': 'critical' })
    .select<{ value: ObservationValue | null }[]>('o.value');
}

export async function acknowledgeNotification(
  trx: Knex.Transaction,
  notificationId: string,
  by: { userId: string; practitionerId: string | null; readBack: string },
): Promise<CriticalNotification> {
  const updated = (await trx('lab_critical_notifications')
    .where({ id: notificationId })
    .whereNull('acknowledged_at')
    .update({
      acknowledged_at: trx.fn.now(),
      acknowledged_by_user_id: by.userId,
      acknowledged_by_practitioner_id: by.practitionerId,
      read_back: by.readBack,
      seconds_to_ack: trx.raw('extract(epoch from now() - received_at)'),
    })
    .returning('*')) as Row[];
  const row = updated[0] ?? ((await trx('lab_critical_notifications').where({ id: notificationId }).first()) as Row);
  await trx('lab_reports').where({ id: row.report_id as string }).update({ critical_state: 'acknowledged', updated_at: trx.fn.now() });
  return toNotification(row);
}
