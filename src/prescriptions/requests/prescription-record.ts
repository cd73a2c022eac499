import { type DeaSchedule, type Route } from '../knowledge-base/index.js';
import { type Finding, type FindingOverride } from '../screening/index.js';
import { type PrescriptionDraft, type Quantity, type Timing } from './order-model.js';

export const PRESCRIPTION_STATUSES = ['screening', 'awaiting-decision', 'signed', 'sent', 'transmission-failed', 'denied', 'expired', 'cancelled'] as const;
export type PrescriptionStatus = (typeof PRESCRIPTION_STATUSES)[number];
export type RequestKind = 'new' | 'refill';

/** A prescription request as a plain object (camelCase, ISO times): what the API and activities use. */
export interface PrescriptionRecord {
  [key: string]: unknown;
  id: string;
  tenantId: string;
  workflowId: string;
  patientId: string;
  kind: RequestKind;
  origin: 'nurse' | 'resident' | 'physician' | 'pharmacy' | 'patient';
  requestedBy: { type: 'user' | 'service'; id: string; role: string };
  /** Flattened for permission conditions (a requester follows their own request). */
  requestedById: string;
  refillOfPrescriptionId: string | null;
  requestingPharmacyId: string | null;
  prescriberId: string;
  signerUserId: string | null;
  medication: { rxcui: string; display: string; deaSchedule: DeaSchedule | null };
  controlled: boolean;
  strength: Quantity | null;
  dose: Quantity | null;
  route: Route | null;
  timing: Timing | null;
  asNeeded: boolean | null;
  sig: string;
  quantity: Quantity;
  refills: number;
  daysSupply: number;
  indication: string | null;
  substitutionAllowed: boolean;
  noteToPharmacist: string | null;
  pharmacyId: string | null;
  status: PrescriptionStatus;
  routing: Record<string, unknown> | null;
  findings: Finding[];
  knowledgeBaseVersion: string | null;
  overrides: FindingOverride[];
  decision: { outcome: string; reason: string | null; decidedAt: string | null } | null;
  authoredOn: string | null;
  sentAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export function draftOf(record: PrescriptionRecord): PrescriptionDraft {
  return {
    rxcui: record.medication.rxcui,
    medicationDisplay: record.medication.display,
    deaSchedule: record.medication.deaSchedule,
    strength: record.strength,
    dose: record.dose,
    route: record.route,
    timing: record.timing,
    asNeeded: record.asNeeded,
    sig: record.sig,
    quantity: record.quantity,
    refills: record.refills,
    daysSupply: record.daysSupply,
    indication: record.indication,
    substitutionAllowed: record.substitutionAllowed,
    noteToPharmacist: record.noteToPharmacist,
  };
}

/** The clinical fields of a draft as the record holds them, for inserts and for applying a signer's modification. */
export function draftFields(draft: PrescriptionDraft) {
  return {
    medication: { rxcui: draft.rxcui, display: draft.medicationDisplay, deaSchedule: draft.deaSchedule },
    strength: draft.strength,
    dose: draft.dose,
    route: draft.route,
    timing: draft.timing,
    asNeeded: draft.asNeeded,
    sig: draft.sig,
    quantity: draft.quantity,
    refills: draft.refills,
    daysSupply: draft.daysSupply,
    indication: draft.indication,
    substitutionAllowed: draft.substitutionAllowed,
    noteToPharmacist: draft.noteToPharmacist,
  } satisfies Partial<PrescriptionRecord>;
}
