import { type PrescriptionDecisionPayload } from '../../workflows/shared/prescription.js';
import { type EscalationTarget, type TaskActorRef, type TaskAssignee, type TaskCategory } from '../../workflows/shared/tasks.js';
import { type AssertionVerificationKeys } from '../epcs/signing-assertion.js';

/**
 * What the prescription activities take and return: IDs, codes and durations only. Clinical content
 * (drug, doses, findings' text, reasons) is read and written in PostgreSQL by the activities.
 */
export interface CaseRef {
  tenantId: string;
  prescriptionId: string;
}

export interface CaseFacts {
  patientId: string;
  kind: 'new' | 'refill';
  deaSchedule: 'II' | 'III' | 'IV' | 'V' | null;
  /** Public keys of the API's signing-assertion issuer (the validator verifies with these). */
  verificationKeys: AssertionVerificationKeys;
  /** The patient asked for it (a portal refill request): they are told if it is not approved. Absent in older histories. */
  requestedByPatient?: boolean;
}

export interface ScreeningSummary {
  knowledgeBaseVersion: string;
  findingCount: number;
  highFindingCodes: string[];
}

export type RoutingPlan =
  | { route: 'unroutable'; reason: string; selfSignEligible: false }
  | {
      route: 'signer' | 'protocol';
      assignee: TaskAssignee;
      category: TaskCategory;
      escalateTo: EscalationTarget[];
      remindAfterSeconds: number;
      escalateAfterSeconds: number;
      expireAfterSeconds: number;
      selfSignEligible: boolean;
    };

export interface DecisionRef extends CaseRef {
  taskId: string;
  round: number;
  actor: TaskActorRef;
  outcome: string;
  note?: string;
  payload?: PrescriptionDecisionPayload;
}

export type SignOutcome =
  | { status: 'signed'; contentDigest: string }
  | { status: 'refused'; reason: string; uncoveredFindings?: string[] };

export interface TransmissionRef extends CaseRef {
  round: number;
}

export interface TransmissionReceipt {
  pharmacyId: string;
  pharmacyReference: string;
  duplicate: boolean;
}

/** ApplicationFailure types of the prescription activities. */
export const PRESCRIPTION_FAILURES = {
  /** The pharmacy refused the prescription: sending it again unchanged will not help. */
  pharmacyRejected: 'PharmacyRejected',
  /** The request cannot go on as stored (missing row, no pharmacy): a person must act. */
  invalid: 'PrescriptionInvalid',
} as const;

export interface TransmissionTaskPlan {
  assignee: TaskAssignee;
  escalateTo: EscalationTarget[];
  remindAfterSeconds: number;
  escalateAfterSeconds: number;
}
