/**
 * Deciding who a result belongs to, from what the lookups found. Order numbers come first; patient
 * identifiers second, and only those whose assigning authority the tenant recognises. Anything
 * short of one clear answer goes to a human: a result is never guessed onto a patient.
 */
export type MatchReason =
  | 'no-order-or-identifier'
  | 'several-patients'
  | 'order-patient-mismatch'
  | 'no-ordering-practitioner';

export type MatchDecision =
  | { status: 'matched'; by: 'order' | 'identifier'; patientId: string; orderingPractitionerId: string; labOrderId: string | null }
  | { status: 'unmatched' | 'ambiguous'; reason: MatchReason };

export interface MatchEvidence {
  /** The order the placer (or, failing that, filler) number names. */
  order?: { id: string; patientId: string; orderingPractitionerId: string };
  /** Distinct patients the message's identifiers (with a recognised authority) point to. */
  identifierPatientIds: string[];
  /** The practitioner named by the report's ordering provider (OBR-16 / requester), if known here. */
  providerPractitionerId?: string;
  /** For an identifier match: the patient's open order for this test, whose orderer then applies. */
  openOrder?: { id: string; orderingPractitionerId: string };
}

export function decideMatch(evidence: MatchEvidence): MatchDecision {
  const patients = evidence.identifierPatientIds;
  if (evidence.order) {
    if (patients.length > 0 && (patients.length > 1 || patients[0] !== evidence.order.patientId)) {
      return { status: 'ambiguous', reason: 'order-patient-mismatch' };
    }
    return {
      status: 'matched',
      by: 'order',
      patientId: evidence.order.patientId,
      orderingPractitionerId: evidence.order.orderingPractitionerId,
      labOrderId: evidence.order.id,
    };
  }
  if (patients.length > 1) return { status: 'ambiguous', reason: 'several-patients' };
  if (patients.length === 0) return { status: 'unmatched', reason: 'no-order-or-identifier' };
  const orderingPractitionerId = evidence.openOrder?.orderingPractitionerId ?? evidence.providerPractitionerId;
  if (!orderingPractitionerId) return { status: 'unmatched', reason: 'no-ordering-practitioner' };
  return {
    status: 'matched',
    by: 'identifier',
    patientId: patients[0]!,
    orderingPractitionerId,
    labOrderId: evidence.openOrder?.id ?? null,
  };
}
