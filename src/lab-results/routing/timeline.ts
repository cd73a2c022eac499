import { type Knex } from 'knex';

/**
 * The routing and escalation timeline of a report: every step with its time. Details hold IDs and
 * codes only. `key` makes each step idempotent, so an activity retried by Temporal records it once.
 */
export type LabEventKind =
  | 'received'
  | 'matched'
  | 'unmatched'
  | 'reconciled'
  | 'classified'
  | 'superseded'
  | 'ignored-out-of-order'
  | 'review-task-created'
  | 'reviewed'
  | 'review-task-cancelled'
  | 'reconciliation-task-created'
  | 'critical-identified'
  | 'critical-task-created'
  | 'alert-requested'
  | 'alert-sent'
  | 'alert-not-sent'
  | 'escalated'
  | 'deadline-missed'
  | 'acknowledged'
  | 'released'
  | 'patient-notified'
  | 'hold-placed'
  | 'hold-lifted'
  | 'cancelled';

export interface LabEvent {
  reportId: string;
  key: string;
  kind: LabEventKind;
  revisionId?: string | null;
  level?: number | null;
  practitionerId?: string | null;
  taskId?: string | null;
  actor?: { type: string; id: string } | null;
  details?: Record<string, unknown>;
}

export async function recordLabEvent(trx: Knex.Transaction, tenantId: string, event: LabEvent): Promise<void> {
  await trx('lab_result_events')
    .insert({
      tenant_id: tenantId,
      report_id: event.reportId,
      event_key: event.key,
      kind: event.kind,
      revision_id: event.revisionId ?? null,
      level: event.level ?? null,
      practitioner_id: event.practitionerId ?? null,
      task_id: event.taskId ?? null,
      actor_type: event.actor?.type ?? null,
      actor_id: event.actor?.id ?? null,
      details: JSON.stringify(event.details ?? {}),
    })
    .onConflict(['tenant_id', 'report_id', 'event_key'])
    .ignore();
}

export interface TimelineEntry {
  at: string;
  kind: LabEventKind;
  level: number | null;
  practitionerId: string | null;
  taskId: string | null;
  revisionId: string | null;
  actor: { type: string; id: string } | null;
  details: Record<string, unknown>;
}

export async function readTimeline(trx: Knex.Transaction, reportId: string): Promise<TimelineEntry[]> {
  const rows = (await trx('lab_result_events').where({ report_id: reportId }).orderBy('id')) as Record<string, unknown>[];
  return rows.map((r) => ({
    at: (r.occurred_at as Date).toISOString(),
    kind: r.kind as LabEventKind,
    level: (r.level as number | null) ?? null,
    practitionerId: (r.practitioner_id as string | null) ?? null,
    taskId: (r.task_id as string | null) ?? null,
    revisionId: (r.revision_id as string | null) ?? null,
    actor: r.actor_type ? { type: r.actor_type as string, id: r.actor_id as string } : null,
    details: r.details as Record<string, unknown>,
  }));
}
