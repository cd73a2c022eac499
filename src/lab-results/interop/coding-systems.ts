/**
 * HL7 v2 names coding systems with short ids (table 0396) while FHIR uses URIs. The domain model
 * uses the FHIR URI for the few systems routing relies on, so a LOINC code from either source
 * compares equal; any other system id is passed through unchanged.
 */
export const LOINC_SYSTEM = 'http://loinc.org';
export const SNOMED_SYSTEM = 'http://snomed.info/sct';
export const UCUM_SYSTEM = 'http://unitsofmeasure.org';

const V2_TO_URI: Readonly<Record<string, string>> = {
  LN: LOINC_SYSTEM,
  LOINC: LOINC_SYSTEM,
  SCT: SNOMED_SYSTEM,
  SNM: SNOMED_SYSTEM,
  SNOMEDCT: SNOMED_SYSTEM,
  UCUM: UCUM_SYSTEM,
  I10: 'http://hl7.org/fhir/sid/icd-10',
  I10C: 'http://hl7.org/fhir/sid/icd-10-cm',
  NPI: 'http://hl7.org/fhir/sid/us-npi',
};

export function normaliseCodingSystem(system: string | undefined): string | undefined {
  if (system === undefined || system === '') {
    return undefined;
  }
  return V2_TO_URI[system.toUpperCase()] ?? system;
}

export function isLoinc(system: string | undefined): boolean {
  return normaliseCodingSystem(system) === LOINC_SYSTEM;
}
