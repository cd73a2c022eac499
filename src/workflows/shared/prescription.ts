import { defineQuery, defineUpdate } from '@temporalio/workflow';

/**
 * What the API, activities and the prescription workflow share; imports no workflow code.
 * IDs, codes and digests only: clinical content stays in PostgreSQL (payloads are encrypted too).
 */
export const PRESCRIPTION_WORKFLOW = 'prescriptionWorkflow';
export const prescriptionWorkflowId = (prescriptionId: string) => `prescription-${prescriptionId}`;

export interface PrescriptionWorkflowInput {
  tenantId: string;
  prescriptionId: string;
}

export type DeaScheduleCode = 'II' | 'III' | 'IV' | 'V';

/** Task types, so the inbox can tell prescription work apart. */
export const PRESCRIPTION_TASK_TYPES = {
  signature: 'prescription-signature',
  protocol: 'prescription-protocol-refill',
  transmission: 'prescription-transmission-error',
} as const;

/** Decision options per task kind: what a signer, a protocol nurse, and the team fixing a failed transmission may choose. */
export const SIGNER_OUTCOMES = ['approve', 'modify', 'deny'] as const;
export const PROTOCOL_OUTCOMES = ['approve', 'refer'] as const;
export const TRANSMISSION_OUTCOMES = ['resend', 'change-pharmacy', 'cancel'] as const;

export interface FindingOverrideInput {
  code: string;
  reason: string;
}

/** Fields a signer may change when modifying before signing; each change is re-screened. */
export interface PrescriptionChanges {
  strength?: { value: number; unit: string } | null;
  dose?: { value: number; unit: string } | null;
  route?: string | null;
  timing?: { frequency: number; period: number; periodUnit: 'h' | 'd' | 'wk' } | null;
  asNeeded?: boolean | null;
  sig?: string;
  quantity?: { value: number; unit: string };
  refills?: number;
  daysSupply?: number;
  substitutionAllowed?: boolean;
  noteToPharmacist?: string | null;
}

/**
 * The payload of a prescription decision (TaskDecisionInput.payload). Approve and modify carry the
 * API's signing assertion and the issuance time the signed content was computed with.
 */
export interface PrescriptionDecisionPayload {
  assertion?: string;
  authoredOn?: string;
  overrides?: FindingOverrideInput[];
  changes?: PrescriptionChanges;
  /** change-pharmacy: the pharmacy to send to instead. */
  pharmacyId?: string;
}

/** The workflow's answer to a decision (the verdict's `result`). */
export interface PrescriptionDecisionResult {
  prescriptionId: string;
  status: 'signed' | 'denied' | 'referred' | 'resending' | 'cancelled' | 'refused';
  /** Why a decision was refused after re-screening or re-checking (a code, never PHI). */
  reason?: string;
  /** High findings the modified order has that no override reason covers. */
  uncoveredFindings?: string[];
  contentDigest?: string;
}

export type PrescriptionStage = 'screening' | 'awaiting-decision' | 'transmitting' | 'awaiting-transmission-fix' | 'closed';

/** The workflow's state, as ops (and the API) see it: IDs, codes and counters. */
export interface PrescriptionState {
  prescriptionId: string;
  stage: PrescriptionStage;
  /** The open task, if any, and what kind of decision it asks for. */
  taskId: string | null;
  taskKind: 'signature' | 'protocol' | 'transmission' | null;
  decisionRound: number;
  transmissionRound: number;
  controlled: boolean;
  highFindingCodes: string[];
  /** A physician's own request that may be signed in the same action (non-controlled, no high finding). */
  selfSignEligible: boolean;
  outcome: 'sent' | 'denied' | 'expired' | 'cancelled' | null;
}

export const prescriptionStateQuery = defineQuery<PrescriptionState>('prescriptionState');

/** Answers once the request waits for a decision (or has closed): a create call returns its routing. */
export const prescriptionReadyUpdate = defineUpdate<PrescriptionState, []>('prescriptionReady');

/** Machine-readable reasons a decision is refused (failure messages; never PHI). */
export type PrescriptionRejectionReason =
  | 'not-a-prescriber'
  | 'dea-registration-required'
  | 'second-factor-required'
  | 'signing-assertion-required'
  | 'signing-assertion-invalid'
  | 'signing-assertion-mismatch'
  | 'override-reason-required'
  | 'deny-reason-required'
  | 'changes-required'
  | 'pharmacy-required'
  | 'protocol-not-applicable';
