import { type Knex } from 'knex';
import { type ObservationValue } from '../interop/index.js';
import { readTimeline, type TimelineEntry } from '../routing/timeline.js';

export interface ObservationView {
  position: number;
  code: string;
  display: string | null;
  system: string | null;
  valueType: string | null;
  value: ObservationValue | null;
  units: string | null;
  referenceRange: string | null;
  abnormalFlags: string[];
  resultStatus: string;
  classification: 'normal' | 'abnormal' | 'critical' | null;
  observedAt: string | null;
  notes: string[];
}

export interface RevisionView {
  id: string;
  revisionNo: number;
  revision: 'preliminary' | 'final' | 'corrected' | 'cancelled';
  reportStatus: string;
  classification: string | null;
  receivedAt: string;
  supersededAt: string | null;
  observedAt: string | null;
  resultedAt: string | null;
  notes: string[];
  observations: ObservationView[];
}

export interface CriticalNotificationView {
  id: string;
  revisionId: string;
  receivedAt: string;
  identifiedAt: string;
  deadlineAt: string;
  firstAlertAt: string | null;
  escalationLevel: number;
  escalatedAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedByPractitionerId: string | null;
  secondsToAcknowledge: number | null;
}

type Row = Record<string, unknown>;
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : null);

const toObservation = (r: Row): ObservationView => ({
  position: r.position as number,
  code: r.code as string,
  display: (r.display as string | null) ?? null,
  system: (r.system as string | null) ?? null,
  valueType: (r.value_type as string | null) ?? null,
  value: (r.value as ObservationValue | null) ?? null,
  units: (r.units as string | null) ?? null,
  referenceRange: (r.reference_range as string | null) ?? null,
  abnormalFlags: r.abnormal_flags as string[],
  resultStatus: r.result_status as string,
  classification: (r.classification as ObservationView['classification']) ?? null,
  observedAt: (r.observed_at as string | null) ?? null,
  notes: r.notes as string[],
});

/** Every revision, newest first, each with its observations: the current values and their history. */
export async function readRevisions(trx: Knex.Transaction, reportId: string): Promise<RevisionView[]> {
  const revisions = await trx('lab_report_revisions').where({ report_id: reportId }).orderBy('revision_no', 'desc').select<Row[]>('*');
  const observations = await trx('lab_observations').where({ report_id: reportId }).orderBy('position').select<Row[]>('*');
  return revisions.map((r) => ({
    id: r.id as string,
    revisionNo: r.revision_no as number,
    revision: r.revision as RevisionView['revision'],
    reportStatus: r.report_status as string,
    classification: (r.classification as string | null) ?? null,
    receivedAt: iso(r.received_at)!,
    supersededAt: iso(r.superseded_at),
    observedAt: (r.observed_at as string | null) ?? null,
    resultedAt: (r.resulted_at as string | null) ?? null,
    notes: r.notes as string[],
    observations: observations.filter((o) => o.revision_id === r.id).map(toObservation),
  }));
}

export async function readCriticalNotifications(trx: Knex.Transaction, reportId: string): Promise<CriticalNotificationView[]> {
  const rows = await trx('lab_critical_notifications').where({ report_id: reportId }).orderBy('identified_at').select<Row[]>('*');
  return rows.map((r) => ({
    id: r.id as string,
    revisionId: r.revision_id as string,
    receivedAt: iso(r.received_at)!,
    identifiedAt: iso(r.identified_at)!,
    deadlineAt: iso(r.deadline_at)!,
    firstAlertAt: iso(r.first_alert_at),
    escalationLevel: r.escalation_level as number,
    escalatedAt: iso(r.escalated_at),
    acknowledgedAt: iso(r.acknowledged_at),
    acknowledgedByPractitionerId: (r.acknowledged_by_practitioner_id as string | null) ?? null,
    secondsToAcknowledge: r.seconds_to_ack === null ? null : Number(r.seconds_to_ack),
  }));
}

export { readTimeline, type TimelineEntry };
