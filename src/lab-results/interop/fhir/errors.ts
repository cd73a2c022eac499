import { type OperationOutcome, type OperationOutcomeIssue } from '@medplum/fhirtypes';

/**
 * A rejected FHIR lab bundle. `outcome` is a FHIR OperationOutcome the HTTP layer can return as is
 * (400/422). Every issue's diagnostics is fixed text written by us or by the FHIR validator, and
 * its expression is a FHIRPath location: no element values, which may be PHI.
 */
export class FhirBundleError extends Error {
  override readonly name = 'FhirBundleError';
  readonly outcome: OperationOutcome;

  constructor(issues: OperationOutcomeIssue[]) {
    super(`FHIR lab bundle rejected: ${issues.length} issue(s); first at ${issues[0]?.expression?.[0] ?? 'Bundle'}`);
    this.outcome = { resourceType: 'OperationOutcome', issue: issues };
  }
}

export function issue(
  code: OperationOutcomeIssue['code'],
  expression: string,
  diagnostics: string,
  severity: OperationOutcomeIssue['severity'] = 'error',
): OperationOutcomeIssue {
  return { severity, code, expression: [expression], diagnostics };
}
