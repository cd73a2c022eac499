import { OperationOutcomeError, validateResource } from '@medplum/core';
import { type Bundle, type OperationOutcomeIssue } from '@medplum/fhirtypes';
import { ensureFhirR4Definitions } from './definitions.js';
import { FhirBundleError, issue } from './errors.js';

/**
 * Structural validation of an inbound lab Bundle against the FHIR R4 StructureDefinitions, using
 * `@medplum/core`'s validator (cardinality, types, primitive formats, invariants, every entry's
 * resource included). It does not check terminology bindings: status codes are checked where they
 * are mapped.
 */

export const ACCEPTED_BUNDLE_TYPES = ['collection', 'transaction', 'message'] as const;
export type AcceptedBundleType = (typeof ACCEPTED_BUNDLE_TYPES)[number];

/** Keeps only location and fixed validator text: no copied values, no stack or fhirpath internals. */
function sanitise(validatorIssue: OperationOutcomeIssue): OperationOutcomeIssue {
  return {
    severity: validatorIssue.severity,
    code: validatorIssue.code,
    expression: validatorIssue.expression,
    diagnostics: validatorIssue.details?.text ?? 'Resource does not conform to FHIR R4',
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function validateLabBundle(json: unknown): Bundle & { type: AcceptedBundleType } {
  if (!isRecord(json) || json.resourceType !== 'Bundle') {
    throw new FhirBundleError([issue('structure', 'Bundle', 'Expected a FHIR R4 Bundle resource')]);
  }
  if (!ACCEPTED_BUNDLE_TYPES.includes(json.type as AcceptedBundleType)) {
    throw new FhirBundleError([
      issue('not-supported', 'Bundle.type', 'Bundle.type must be collection, transaction or message'),
    ]);
  }
  ensureFhirR4Definitions();
  const bundle = json as unknown as Bundle & { type: AcceptedBundleType };
  try {
    validateResource(bundle);
  } catch (error) {
    if (error instanceof OperationOutcomeError) {
      const errors = (error.outcome.issue ?? []).filter((found) => found.severity === 'error' || found.severity === 'fatal');
      throw new FhirBundleError(errors.map(sanitise));
    }
    throw new FhirBundleError([issue('exception', 'Bundle', 'The bundle could not be validated')]);
  }
  return bundle;
}
