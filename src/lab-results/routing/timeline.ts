import { type Knex } from 'knex';
import { LabResultEvent } from './lab-result-event-model.js';

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
  await LabResultEvent.query(trx)
    .insert({
      tenantId,
      reportId: event.reportId,
      eventKey: event.key,
      kind: event.kind,
      revisionId: event.revisionId ?? null,
      level: event.level ?? null,
      practitionerId: event.practitionerId ?? null,
      taskId: event.taskId ?? null,
      actor: event.actor ?? null,
      details: event.details ?? {},
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
  const events = await LabResultEvent.query(trx)
    .where('report_id', reportId)
    .orderBy('id')
    .select('occurred_at', 'kind', 'level', 'practitioner_id', 'task_id', 'revision_id', 'actor_type', 'actor_id', 'details');
  return events.map((event) => {
    const { occurredAt, ...entry } = event.toRecord<Omit<TimelineEntry, 'at'> & { occurredAt: string }>();
    return { at: occurredAt, ...entry };
  });
}
