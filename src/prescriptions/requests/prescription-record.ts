import { type DeaSchedule, type Route } from '../knowledge-base/index.js';
import { type Finding, type FindingOverride, type OrderUnit } from '../screening/index.js';
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

type Row = Record<string, unknown>;
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : typeof v === 'string' ? v : null);
const qty = (value: unknown, unit: unknown): Quantity | null => (value == null || unit == null ? null : { value: Number(value), unit: unit as OrderUnit });

export function toRecord(r: Row): PrescriptionRecord {
  const schedule = (r.dea_schedule as DeaSchedule | null) ?? null;
  return {
    id: r.id as string,
    tenantId: r.tenant_id as string,
    workflowId: r.workflow_id as string,
    patientId: r.patient_id as string,
    kind: r.kind as RequestKind,
    origin: r.origin as PrescriptionRecord['origin'],
    requestedBy: { type: r.requested_by_type as 'user' | 'service', id: r.requested_by_id as string, role: r.requested_by_role as string },
    requestedById: r.requested_by_id as string,
    refillOfPrescriptionId: (r.refill_of_prescription_id as string | null) ?? null,
    requestingPharmacyId: (r.requesting_pharmacy_id as string | null) ?? null,
    prescriberId: r.prescriber_id as string,
    signerUserId: (r.signer_user_id as string | null) ?? null,
    medication: { rxcui: r.rxcui as string, display: r.medication_display as string, deaSchedule: schedule },
    controlled: schedule !== null,
    strength: qty(r.strength_value, r.strength_unit),
    dose: qty(r.dose_value, r.dose_unit),
    route: (r.route as Route | null) ?? null,
    timing: r.frequency == null ? null : { frequency: Number(r.frequency), period: Number(r.period), periodUnit: r.period_unit as Timing['periodUnit'] },
    asNeeded: (r.as_needed as boolean | null) ?? null,
    sig: r.sig as string,
    quantity: qty(r.quantity_value, r.quantity_unit)!,
    refills: Number(r.refills),
    daysSupply: Number(r.days_supply),
    indication: (r.indication as string | null) ?? null,
    substitutionAllowed: r.substitution_allowed as boolean,
    noteToPharmacist: (r.note_to_pharmacist as string | null) ?? null,
    pharmacyId: (r.pharmacy_id as string | null) ?? null,
    status: r.status as PrescriptionStatus,
    routing: (r.routing as Record<string, unknown> | null) ?? null,
    findings: (r.findings as Finding[]) ?? [],
    knowledgeBaseVersion: (r.kb_version as string | null) ?? null,
    overrides: (r.overrides as FindingOverride[]) ?? [],
    decision: r.decision ? { outcome: r.decision as string, reason: (r.decision_reason as string | null) ?? null, decidedAt: iso(r.decided_at) } : null,
    authoredOn: iso(r.authored_on),
    sentAt: iso(r.sent_at),
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  };
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

/** The clinical columns of a draft, for inserts and for applying a signer's modification. */
export function draftColumns(draft: PrescriptionDraft): Row {
  return {
    rxcui: draft.rxcui,
    medication_display: draft.medicationDisplay,
    dea_schedule: draft.deaSchedule,
    strength_value: draft.strength?.value ?? null,
    strength_unit: draft.strength?.unit ?? null,
    dose_value: draft.dose?.value ?? null,
    dose_unit: draft.dose?.unit ?? null,
    route: draft.route,
    frequency: draft.timing?.frequency ?? null,
    period: draft.timing?.period ?? null,
    period_unit: draft.timing?.periodUnit ?? null,
    as_needed: draft.asNeeded,
    sig: draft.sig,
    quantity_value: draft.quantity.value,
    quantity_unit: draft.quantity.unit,
    refills: draft.refills,
    days_supply: draft.daysSupply,
    indication: draft.indication,
    substitution_allowed: draft.substitutionAllowed,
    note_to_pharmacist: draft.noteToPharmacist,
  };
}
