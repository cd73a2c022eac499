/**
 * A prescription request's clinical fields, and what is derived from them: the order that is signed
 * and transmitted, and the medication as screening sees it (milligrams per dose, doses per day or
 * week). Pure, so the API (pre-checks) and the activities (authoritative) derive the same things.
 */
import { type DeaSchedule, type Route } from '../knowledge-base/index.js';
import { type OrderUnit, type PrescribedMedication, type PrescriptionOrder } from '../screening/index.js';

export interface Quantity {
  value: number;
  unit: OrderUnit;
}

export interface Timing {
  frequency: number;
  period: number;
  periodUnit: 'h' | 'd' | 'wk';
}

export interface PrescriptionDraft {
  rxcui: string;
  medicationDisplay: string;
  deaSchedule: DeaSchedule | null;
  /** Strength of one unit (a tablet, a capsule): lets a dose in tablets be checked in milligrams. */
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
}

const MG_PER: Partial<Record<OrderUnit, number>> = { mg: 1, mcg: 0.001, g: 1000 };

/** Milligrams per dose, when the dose and strength say it; undefined when it cannot be known. */
export function doseInMg(draft: Pick<PrescriptionDraft, 'dose' | 'strength'>): number | undefined {
  const { dose, strength } = draft;
  if (!dose) return undefined;
  const direct = MG_PER[dose.unit];
  if (direct !== undefined) return dose.value * direct;
  if ((dose.unit === 'tablet' || dose.unit === 'capsule') && strength) {
    const perUnit = MG_PER[strength.unit];
    if (perUnit !== undefined) return dose.value * strength.value * perUnit;
  }
  return undefined;
}

export function screenedMedication(draft: PrescriptionDraft): PrescribedMedication {
  const doseMg = doseInMg(draft);
  const t = draft.timing;
  const perDay = t && t.periodUnit !== 'wk' ? (t.frequency * (t.periodUnit === 'h' ? 24 : 1)) / t.period : undefined;
  const perWeek = t && t.periodUnit === 'wk' ? t.frequency / t.period : undefined;
  return {
    rxcui: draft.rxcui,
    ...(doseMg !== undefined && { doseMg }),
    ...(perDay !== undefined && { dosesPerDay: perDay }),
    ...(perWeek !== undefined && { dosesPerWeek: perWeek }),
    ...(draft.route && { route: draft.route }),
  };
}

/** The display name the pharmacy sees: the knowledge base's name with the strength. */
export function medicationDisplay(drugName: string, strength: Quantity | null): string {
  return strength ? `${drugName} ${strength.value} ${strength.unit}` : drugName;
}

export interface OrderContext {
  prescriptionId: string;
  tenantId: string;
  patientId: string;
  /** The prescriber of record: the signer, or the original prescriber for a protocol refill. */
  prescriberId: string;
  pharmacyId: string | null;
  authoredOn: string;
}

export function toOrder(draft: PrescriptionDraft, ctx: OrderContext): PrescriptionOrder {
  return {
    prescriptionId: ctx.prescriptionId,
    tenantId: ctx.tenantId,
    patientId: ctx.patientId,
    prescriberId: ctx.prescriberId,
    ...(ctx.pharmacyId && { pharmacyId: ctx.pharmacyId }),
    authoredOn: ctx.authoredOn,
    medication: { rxcui: draft.rxcui, display: draft.medicationDisplay },
    deaSchedule: draft.deaSchedule,
    sig: draft.sig,
    ...(draft.dose && { dose: draft.dose }),
    ...(draft.route && { route: draft.route }),
    ...(draft.timing && { timing: draft.timing }),
    ...(draft.asNeeded !== null && { asNeeded: draft.asNeeded }),
    dispense: { quantity: draft.quantity, refills: draft.refills, daysSupply: draft.daysSupply },
    substitutionAllowed: draft.substitutionAllowed,
    ...(draft.noteToPharmacist && { noteToPharmacist: draft.noteToPharmacist }),
  };
}
