import { type OperationOutcome } from '@medplum/fhirtypes';
import { type Knex } from 'knex';
import { withTenant } from '../../db/tenant-scope.js';
import { integrationsForApiKey } from '../integrations/integration-repository.js';
import { FhirBundleError, parseFhirLabBundle } from '../interop/index.js';
import { type InboxError, type StoredInboxMessage, storeTenantMessage } from './inbox-repository.js';
import { type HttpSubmitter } from './receive-hl7.js';

export type FhirReceipt =
  | { outcome: 'accepted'; stored: StoredInboxMessage & { tenantId: string } }
  | { outcome: 'invalid'; operationOutcome: OperationOutcome; stored: StoredInboxMessage & { tenantId: string } }
  | { outcome: 'no-integration' };

const outcomeOf = (severity: 'error', code: 'structure' | 'security' | 'exception', diagnostics: string): OperationOutcome => ({
  resourceType: 'OperationOutcome',
  issue: [{ severity, code, diagnostics }],
});

function parseJson(raw: string): { json?: unknown; error?: InboxError } {
  try {
    return { json: JSON.parse(raw) as unknown };
  } catch {
    const outcome = outcomeOf('error', 'structure', 'The body is not valid JSON');
    return { error: { code: 'FHIR_INVALID', text: 'Body is not valid JSON', details: outcome } };
  }
}

/** Bundle.identifier.value, else Bundle.id: the de-duplication key, read before validation. */
function controlIdOf(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const bundle = json as { identifier?: { value?: unknown }; id?: unknown };
  const value = bundle.identifier?.value ?? bundle.id;
  return typeof value === 'string' && value.length <= 200 ? value : undefined;
}

function validate(json: unknown): InboxError | undefined {
  try {
    parseFhirLabBundle(json);
    return undefined;
  } catch (error) {
    const outcome =
      error instanceof FhirBundleError ? error.outcome : outcomeOf('error', 'exception', 'The bundle could not be processed');
    const first = outcome.issue[0];
    return {
      code: 'FHIR_INVALID',
      text: error instanceof FhirBundleError ? error.message : 'Bundle could not be processed',
      location: first?.expression?.[0] ? { expression: first.expression[0] } : undefined,
      details: outcome,
    };
  }
}

/**
 * A FHIR R4 lab Bundle enters the same inbox as HL7 v2: stored first (valid or not), a
 * retransmission (same Bundle.identifier from the same integration) answered like the first,
 * an invalid one answered with its OperationOutcome and listed among integration errors.
 */
export async function receiveFhirBundle(db: Knex, raw: string, submitter: HttpSubmitter): Promise<FhirReceipt> {
  return withTenant(db, submitter.tenantId, async (trx) => {
    const [integration] = await integrationsForApiKey(trx, submitter.apiKeyId);
    if (!integration) return { outcome: 'no-integration' as const };
    const parsed = parseJson(raw);
    const error = parsed.error ?? validate(parsed.json);
    const stored = await storeTenantMessage(trx, {
      tenantId: submitter.tenantId,
      integrationId: integration.id,
      transport: 'http-fhir',
      format: 'fhir',
      sendingFacility: integration.sendingFacility,
      sendingApplication: integration.sendingApplication ?? undefined,
      messageControlId: controlIdOf(parsed.json),
      messageType: 'Bundle',
      raw,
      status: error ? 'failed' : 'accepted',
      ackCode: error ? 'AE' : 'AA',
      error,
    });
    const withTenantId = { ...stored, tenantId: submitter.tenantId };
    if (stored.status === 'accepted') return { outcome: 'accepted' as const, stored: withTenantId };
    const operationOutcome = (stored.error?.details as OperationOutcome | undefined) ?? outcomeOf('error', 'exception', 'The bundle was not accepted');
    return { outcome: 'invalid' as const, operationOutcome, stored: withTenantId };
  });
}
