/**
 * Builds the FHIR R4 MedicationRequest for a signed prescription order. Our prescription id is
 * the business identifier, so a pharmacy receiving the same order twice (a retried transmission)
 * can recognise it as one prescription.
 */
import { type MedicationRequest } from '@medplum/fhirtypes';
import { prescriptionOrderSchema, type PrescriptionOrder } from '../screening/index.js';
import {
  DOSE_RATE_TYPE_SYSTEM,
  MEDICATION_REQUEST_CATEGORY_SYSTEM,
  RXNORM_SYSTEM,
  UCUM_SYSTEM,
  routeCoding,
  unitCoding,
} from './coding.js';

/** Tenants may configure their own identifier namespace; this URN is the default. */
export const DEFAULT_PRESCRIPTION_IDENTIFIER_SYSTEM = 'urn:smartclinix:prescription-id';

export interface MedicationRequestOptions {
  identifierSystem?: string;
}

export function buildMedicationRequest(input: PrescriptionOrder, options: MedicationRequestOptions = {}): MedicationRequest {
  // Re-validated here because this is the last step before the order leaves the system.
  const order = prescriptionOrderSchema.parse(input);
  const { dispense } = order;
  return {
    resourceType: 'MedicationRequest',
    identifier: [
      { use: 'official', system: options.identifierSystem ?? DEFAULT_PRESCRIPTION_IDENTIFIER_SYSTEM, value: order.prescriptionId },
    ],
    status: 'active',
    intent: 'order',
    category: [{ coding: [{ system: MEDICATION_REQUEST_CATEGORY_SYSTEM, code: 'outpatient', display: 'Outpatient' }] }],
    medicationCodeableConcept: {
      coding: [{ system: RXNORM_SYSTEM, code: order.medication.rxcui, display: order.medication.display }],
      text: order.medication.display,
    },
    subject: { reference: `Patient/${order.patientId}` },
    authoredOn: order.authoredOn,
    requester: { reference: `Practitioner/${order.prescriberId}` },
    dosageInstruction: [
      {
        sequence: 1,
        text: order.sig,
        ...(order.timing && { timing: { repeat: { ...order.timing } } }),
        ...(order.asNeeded !== undefined && { asNeededBoolean: order.asNeeded }),
        ...(order.route && { route: { coding: [routeCoding(order.route)] } }),
        ...(order.dose && {
          doseAndRate: [
            {
              type: { coding: [{ system: DOSE_RATE_TYPE_SYSTEM, code: 'ordered', display: 'Ordered' }] },
              doseQuantity: { value: order.dose.value, ...unitCoding(order.dose.unit) },
            },
          ],
        }),
      },
    ],
    dispenseRequest: {
      numberOfRepeatsAllowed: dispense.refills,
      quantity: { value: dispense.quantity.value, ...unitCoding(dispense.quantity.unit) },
      expectedSupplyDuration: { value: dispense.daysSupply, unit: 'days', system: UCUM_SYSTEM, code: 'd' },
      ...(order.pharmacyId && { performer: { reference: `Organization/${order.pharmacyId}` } }),
    },
    substitution: { allowedBoolean: order.substitutionAllowed },
    ...(order.noteToPharmacist && { note: [{ text: order.noteToPharmacist }] }),
  };
}
