import { type Knex } from 'knex';
import { type AllergyEntry } from '../screening/index.js';
import { activeAllergies } from './allergies.js';
import { activeMedications } from './medications.js';

/**
 * The patient's data a request is screened against. A refill continues a therapy the patient is
 * already on, so the drug being refilled is not compared with itself (it would always be a
 * duplicate); a new prescription is compared with every active medication.
 */
export async function screeningInputs(
  trx: Knex.Transaction,
  request: { patientId: string; kind: 'new' | 'refill'; rxcui: string },
): Promise<{ allergies: AllergyEntry[]; activeMedicationRxcuis: string[] }> {
  // One transaction is one connection: its queries run one after the other.
  const allergies = await activeAllergies(trx, request.patientId);
  const medications = await activeMedications(trx, request.patientId);
  return {
    allergies: allergies.map((a) => ({ substance: a.substance, ...(a.reaction && { reaction: a.reaction }), ...(a.severity && { severity: a.severity }) })),
    activeMedicationRxcuis: medications.filter((m) => request.kind === 'new' || m.rxcui !== request.rxcui).map((m) => m.rxcui),
  };
}
