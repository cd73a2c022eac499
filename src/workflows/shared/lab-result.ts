import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

/**
 * What the API, the ingestion pipeline and the worker need to talk to a lab-result workflow.
 * Imports no workflow code. Everything here is IDs, codes and times: values, names and notes stay
 * in PostgreSQL and are re-read by activities.
 */
export const LAB_RESULT_WORKFLOW = 'labResultWorkflow';
export const LAB_RESULT_CASE_TYPE = 'lab-result';
export const labResultWorkflowId = (reportId: string) => `lab-result-${reportId}`;

export interface LabResultWorkflowInput {
  tenantId: string;
  reportId: string;
}

/** A new revision of the report was stored (preliminary, final, corrected…). */
export const revisionReceivedSignal = defineSignal<[{ revisionId: string }]>('labRevisionReceived');

/** The person behind a decision, as authenticated by the API. IDs only. */
export interface LabActorRef {
  userId: string;
  practitionerId: string | null;
  role: string;
}

export interface PlaceHoldInput {
  actor: LabActorRef;
  /** Documented reason for the "preventing harm" exception (stored, audited, never logged). */
  reason: string;
  /** ISO instant when the hold ends by itself. */
  until: string;
}

export interface ReleaseInput {
  actor: LabActorRef;
}

export type ReleaseState = 'withheld' | 'released' | 'on-hold';

/** Workflow state for ops: no clinical content. */
export interface LabResultWorkflowState {
  reportId: string;
  phase: 'processing' | 'awaiting-reconciliation' | 'awaiting-acknowledgement' | 'idle';
  pendingRevisions: number;
  escalationLevel: number;
  release: ReleaseState;
  holdUntil: string | null;
}

export const placeHoldUpdate = defineUpdate<{ release: ReleaseState; holdUntil: string }, [PlaceHoldInput]>('placeResultHold');
export const releaseResultUpdate = defineUpdate<{ release: ReleaseState }, [ReleaseInput]>('releaseResult');
export const labResultStateQuery = defineQuery<LabResultWorkflowState>('labResultState');

/** ApplicationFailure types a refused decision carries; the API maps them to 409 / 422. */
export const LAB_DECISION_FAILURES = {
  conflict: 'LabDecisionConflict',
  invalid: 'LabDecisionInvalid',
} as const;

/**
 * Machine-readable reasons (the failure message); never PHI.
 */
export type LabDecisionReason = 'hold-end-in-past' | 'hold-reason-missing' | 'not-on-hold' | 'not-a-physician' | 'report-not-matched';

/**
 * Acknowledging a critical result and reconciling an unmatched one are task decisions (the task
 * inbox's `completeTaskUpdate`): the outcome codes and payloads the lab-result tasks accept.
 */
export const CRITICAL_ACK_OUTCOME = 'acknowledged';
export const RECONCILED_OUTCOME = 'matched';
export const REVIEWED_OUTCOME = 'reviewed';
export interface CriticalAckPayload {
  readBack: string;
}
export interface ReconciliationPayload {
  patientId: string;
  orderingPractitionerId: string;
  labOrderId?: string;
}
export const LAB_TASK_TYPES = {
  review: 'lab-result-review',
  reviewPreliminary: 'lab-result-review-preliminary',
  reviewCorrected: 'lab-result-review-corrected',
  criticalAck: 'critical-result-ack',
  criticalAckCorrected: 'critical-result-ack-corrected',
  reconciliation: 'lab-result-reconciliation',
} as const;
