/**
 * Code systems and codes the MedicationRequest uses. Routes are SNOMED CT "route of
 * administration" qualifier values (the FHIR R4 example binding for Dosage.route).
 */
import { type Coding } from '@medplum/fhirtypes';
import { type Route } from '../knowledge-base/index.js';
import { type OrderUnit } from '../screening/index.js';

export const RXNORM_SYSTEM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
export const SNOMED_SYSTEM = 'http://snomed.info/sct';
export const UCUM_SYSTEM = 'http://unitsofmeasure.org';
export const ORDERABLE_DRUG_FORM_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-orderableDrugForm';
export const MEDICATION_REQUEST_CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/medicationrequest-category';
export const DOSE_RATE_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/dose-rate-type';

const ROUTE_CODES: Record<Route, { code: string; display: string }> = {
  oral: { code: '26643006', display: 'Oral route' },
  sublingual: { code: '37839007', display: 'Sublingual route' },
  buccal: { code: '54471007', display: 'Buccal route' },
  rectal: { code: '37161004', display: 'Rectal route' },
  topical: { code: '6064005', display: 'Topical route' },
  transdermal: { code: '45890007', display: 'Transdermal route' },
  intravenous: { code: '47625008', display: 'Intravenous route' },
  intramuscular: { code: '78421000', display: 'Intramuscular route' },
  subcutaneous: { code: '34206005', display: 'Subcutaneous route' },
  inhalation: { code: '447694001', display: 'Respiratory tract route' },
  nasal: { code: '46713006', display: 'Nasal route' },
  ophthalmic: { code: '54485002', display: 'Ophthalmic route' },
  vaginal: { code: '16857009', display: 'Vaginal route' },
};

export function routeCoding(route: Route): Coding {
  return { system: SNOMED_SYSTEM, ...ROUTE_CODES[route] };
}

/** Mass and volume are UCUM units; tablets and capsules are HL7 orderable drug forms. */
export function unitCoding(unit: OrderUnit): { unit: string; system: string; code: string } {
  switch (unit) {
    case 'tablet':
      return { unit: 'tablet', system: ORDERABLE_DRUG_FORM_SYSTEM, code: 'TAB' };
    case 'capsule':
      return { unit: 'capsule', system: ORDERABLE_DRUG_FORM_SYSTEM, code: 'CAP' };
    case 'mcg':
      return { unit: 'mcg', system: UCUM_SYSTEM, code: 'ug' };
    default:
      return { unit, system: UCUM_SYSTEM, code: unit };
  }
}
