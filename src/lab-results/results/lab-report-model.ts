import { type Modifiers, type Pojo, type RelationMappings } from 'objection';
import { BaseModel } from '../../db/models/base-model.js';
import {
  type CodedConcept,
  type LabPatient,
  type ObservationValue,
  type Provider,
  type ReportRevision,
  type ResultClassification,
} from '../interop/index.js';

export type MatchStatus = 'pending' | 'matched' | 'unmatched' | 'ambiguous';
export type CriticalState = 'none' | 'awaiting-ack' | 'acknowledged';

/** The tested panel or analyte of a report, as the lab coded it. */
export interface ReportTest {
  code: string;
  display: string | null;
  system: string | null;
}

const TEST_COLUMNS = { code: 'testCode', display: 'testDisplay', system: 'testSystem' } as const;

/**
 * `lab_reports`: one per lab report (accession + test) across its revisions: whom it was matched
 * to, its current classification, the critical-result state, release and hold. The three test
 * columns are one `test` object here.
 */
export class LabReport extends BaseModel {
  static override tableName = 'lab_reports';

  declare id: string;
  declare tenantId: string;
  declare integrationId: string;
  declare reportKey: string | null;
  declare labOrderId: string | null;
  declare patientId: string | null;
  declare orderingPractitionerId: string | null;
  declare placerOrderNumber: string | null;
  declare fillerOrderNumber: string | null;
  declare test: ReportTest;
  declare status: ReportRevision;
  declare classification: ResultClassification | null;
  declare corrected: boolean;
  declare matchStatus: MatchStatus;
  declare matchedBy: 'order' | 'identifier' | 'reconciliation' | null;
  declare currentRevisionId: string | null;
  declare criticalState: CriticalState;
  declare escalationLevel: number;
  declare releasedAt: string | null;
  /** Free text a physician wrote: never in the timeline, logs or workflow history. */
  declare holdReason: string | null;
  declare holdUntil: string | null;
  declare holdPlacedBy: string | null;
  declare holdPlacedAt: string | null;
  declare workflowId: string;
  declare firstReceivedAt: string;
  declare lastReceivedAt: string;
  declare createdAt: string;
  declare updatedAt: string;

  /** Folds the test columns into `test` (when they were selected). */
  override $parseDatabaseJson(json: Pojo): Pojo {
    const parsed = super.$parseDatabaseJson(json);
    if (!(TEST_COLUMNS.code in parsed)) return parsed;
    const test: ReportTest = {
      code: parsed[TEST_COLUMNS.code] as string,
      display: (parsed[TEST_COLUMNS.display] as string | null | undefined) ?? null,
      system: (parsed[TEST_COLUMNS.system] as string | null | undefined) ?? null,
    };
    for (const column of Object.values(TEST_COLUMNS)) delete parsed[column];
    return { ...parsed, test };
  }

  /** Flattens `test` back into its columns (absent display or system stored as null). */
  override $formatDatabaseJson(json: Pojo): Pojo {
    const { test, ...rest } = json as Pojo & { test?: CodedConcept | ReportTest };
    if (test !== undefined) {
      rest[TEST_COLUMNS.code] = test.code;
      rest[TEST_COLUMNS.display] = test.display ?? null;
      rest[TEST_COLUMNS.system] = test.system ?? null;
    }
    return super.$formatDatabaseJson(rest);
  }
}

/**
 * `lab_report_revisions`: each message's version of a report (preliminary, final, corrections).
 * Earlier revisions stay as history; `patient` is the message's patient (PHI, for matching).
 */
export class LabReportRevision extends BaseModel {
  static override tableName = 'lab_report_revisions';
  static override jsonAttributes = ['patient', 'orderingProvider', 'notes'];

  declare id: string;
  declare tenantId: string;
  declare reportId: string;
  declare inboxId: string;
  declare revisionNo: number;
  declare revision: ReportRevision;
  declare reportStatus: string;
  declare classification: ResultClassification | null;
  /** As the lab wrote it (ISO 8601, possibly without an offset): text, not a timestamp. */
  declare observedAt: string | null;
  declare resultedAt: string | null;
  declare receivedAt: string;
  declare patient: LabPatient;
  declare orderingProvider: Provider | null;
  declare notes: string[];
  declare supersededAt: string | null;
  declare dispatchedAt: string | null;
  declare routedAt: string | null;
  declare observations?: LabObservation[];

  static override get relationMappings(): RelationMappings {
    return {
      observations: {
        relation: BaseModel.HasManyRelation,
        modelClass: LabObservation,
        join: { from: 'lab_report_revisions.id', to: 'lab_observations.revision_id' },
      },
    };
  }
}

/** `lab_observations`: the results (OBX / Observation) of one revision, in the lab's order. */
export class LabObservation extends BaseModel {
  static override tableName = 'lab_observations';
  /** `abnormal_flags` is a text[] column, not JSON. */
  static override jsonAttributes = ['value', 'notes'];

  declare id: string;
  declare tenantId: string;
  declare reportId: string;
  declare revisionId: string;
  declare position: number;
  declare code: string;
  declare display: string | null;
  declare system: string | null;
  declare valueType: string | null;
  declare value: ObservationValue | null;
  declare units: string | null;
  declare referenceRange: string | null;
  declare abnormalFlags: string[];
  declare resultStatus: string;
  declare classification: ResultClassification | null;
  declare observedAt: string | null;
  declare notes: string[];

  static override modifiers: Modifiers = {
    inLabOrder: (query) => void query.orderBy('position'),
  };
}
