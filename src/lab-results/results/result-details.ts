import { type Knex } from 'knex';
import { type ObservationValue } from '../interop/index.js';
import { LabCriticalNotification } from '../routing/critical-notification-model.js';
import { readTimeline, type TimelineEntry } from '../routing/timeline.js';
import { LabReportRevision } from './lab-report-model.js';

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

/** The columns of the views below: never the revision's patient or provider, nor who acknowledged. */
const REVISION_COLUMNS = ['id', 'revision_no', 'revision', 'report_status', 'classification', 'received_at', 'superseded_at', 'observed_at', 'resulted_at', 'notes'];
const OBSERVATION_COLUMNS = [
  'revision_id',
  'position',
  'code',
  'display',
  'system',
  'value_type',
  'value',
  'units',
  'reference_range',
  'abnormal_flags',
  'result_status',
  'classification',
  'observed_at',
  'notes',
];
const NOTIFICATION_COLUMNS = [
  'id',
  'revision_id',
  'received_at',
  'identified_at',
  'deadline_at',
  'first_alert_at',
  'escalation_level',
  'escalated_at',
  'acknowledged_at',
  'acknowledged_by_practitioner_id',
  'seconds_to_ack',
];

/** Every revision, newest first, each with its observations: the current values and their history. */
export async function readRevisions(trx: Knex.Transaction, reportId: string): Promise<RevisionView[]> {
  const revisions = await LabReportRevision.query(trx)
    .where('report_id', reportId)
    .orderBy('revision_no', 'desc')
    .select(REVISION_COLUMNS)
    .withGraphFetched('observations(inLabOrder, inView)')
    .modifiers({ inView: (query) => void query.select(OBSERVATION_COLUMNS) });
  return revisions.map((revision) => {
    const { observations = [], ...view } = revision.toRecord<Omit<RevisionView, 'observations'> & { observations?: (ObservationView & { revisionId: string })[] }>();
    // The relation needs `revision_id` to attach observations; the view does not show it.
    return { ...view, observations: observations.map(({ revisionId: _revisionId, ...observation }) => observation) };
  });
}

export async function readCriticalNotifications(trx: Knex.Transaction, reportId: string): Promise<CriticalNotificationView[]> {
  const notifications = await LabCriticalNotification.query(trx).where('report_id', reportId).orderBy('identified_at').select(NOTIFICATION_COLUMNS);
  return notifications.map((notification) => {
    const { secondsToAck, ...view } = notification.toRecord<Omit<CriticalNotificationView, 'secondsToAcknowledge'> & { secondsToAck: number | null }>();
    return { ...view, secondsToAcknowledge: secondsToAck };
  });
}

export { readTimeline, type TimelineEntry };
