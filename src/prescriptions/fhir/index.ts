export { buildMedicationRequest, DEFAULT_PRESCRIPTION_IDENTIFIER_SYSTEM, type MedicationRequestOptions } from './medication-request.js';
export { RXNORM_SYSTEM, SNOMED_SYSTEM, UCUM_SYSTEM, routeCoding, unitCoding } from './coding.js';
