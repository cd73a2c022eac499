/**
 * HTTP/FHIR R4 adapter: POSTs the MedicationRequest to `<endpoint>/MedicationRequest` as a FHIR
 * conditional create (`If-None-Exist: identifier=<system>|<prescription id>`), so a retried
 * transmission finds the prescription the pharmacy already has instead of creating a second one.
 *
 * 201 is a new prescription, 200 one the pharmacy already had. 408, 425, 429 and 5xx, timeouts and
 * network errors are transient (retried); every other answer is a permanent rejection, carried with
 * the pharmacy's OperationOutcome so the prescriber's team can act on it.
 *
 * A pharmacy registered for SMART Backend Services gets `Authorization: Bearer <token>`
 * (smart-backend-auth.ts); a 401 drops the cached token and the request is made once more with a
 * new one, since a token can be revoked or expire early.
 */
import { type OperationOutcome } from '@medplum/fhirtypes';
import { type MedicationRequest } from '@medplum/fhirtypes';
import {
  type PharmacyAdapter,
  type PharmacyReceipt,
  PharmacyRejectedError,
  type PharmacyTransmission,
  PharmacyUnavailableError,
} from './pharmacy-adapter.js';
import { type SmartBackendAuth } from './smart-backend-auth.js';

const FHIR_JSON = 'application/fhir+json';
const TRANSIENT_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);

export interface FhirPharmacyAdapterOptions {
  /** Per request; a pharmacy that does not answer in time is retried later. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Tokens for pharmacies registered for SMART Backend Services. */
  auth?: SmartBackendAuth;
}

function firstIssue(body: unknown): { code: string; detail: string | null } | undefined {
  const outcome = body as OperationOutcome | undefined;
  if (outcome?.resourceType !== 'OperationOutcome') return undefined;
  const issue = outcome.issue?.[0];
  if (!issue) return undefined;
  return { code: issue.code ?? 'unknown', detail: issue.diagnostics ?? issue.details?.text ?? null };
}

/** Maps a pharmacy's answer to a receipt or a typed error. Pure, so it is tested on its own. */
export function interpretPharmacyResponse(status: number, body: unknown, location: string | null): PharmacyReceipt {
  if (status === 200 || status === 201) {
    const id = (body as { id?: unknown } | undefined)?.id;
    const fromLocation = location?.match(/MedicationRequest\/([^/]+)/)?.[1];
    const reference = typeof id === 'string' ? id : fromLocation;
    if (!reference) throw new PharmacyRejectedError('no-identifier-returned', null, status);
    return { pharmacyReference: reference, duplicate: status === 200 };
  }
  if (TRANSIENT_STATUSES.has(status)) throw new PharmacyUnavailableError(`http-${status}`, status);
  const issue = firstIssue(body);
  throw new PharmacyRejectedError(issue ? `http-${status}:${issue.code}` : `http-${status}`, issue?.detail ?? null, status);
}

export class FhirPharmacyAdapter implements PharmacyAdapter {
  private readonly timeoutMs: number;
  private readonly fetchFn: typeof fetch;
  private readonly auth: SmartBackendAuth | undefined;

  constructor(options: FhirPharmacyAdapterOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.fetchFn = options.fetch ?? fetch;
    this.auth = options.auth;
  }

  async transmit({ pharmacy, medicationRequest }: PharmacyTransmission): Promise<PharmacyReceipt> {
    if (!pharmacy.fhirEndpointUrl) throw new PharmacyRejectedError('no-endpoint', null);
    const url = `${pharmacy.fhirEndpointUrl.replace(/\/+$/, '')}/MedicationRequest`;
    const registration = pharmacy.auth;
    if (registration && !this.auth) throw new PharmacyRejectedError('client-key-missing', null);
    let response = await this.post(url, medicationRequest, registration ? await this.auth!.accessToken(registration) : undefined);
    if (response.status === 401 && registration) {
      await response.body?.cancel();
      this.auth!.invalidate(registration);
      response = await this.post(url, medicationRequest, await this.auth!.accessToken(registration));
    }
    const text = await response.text().catch(() => '');
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return interpretPharmacyResponse(response.status, body, response.headers.get('location'));
  }

  private async post(url: string, medicationRequest: MedicationRequest, bearer: string | undefined): Promise<Response> {
    const identifier = medicationRequest.identifier?.[0];
    try {
      return await this.fetchFn(url, {
        method: 'POST',
        headers: {
          'content-type': FHIR_JSON,
          accept: FHIR_JSON,
          prefer: 'return=representation',
          ...(identifier?.system && identifier.value ? { 'if-none-exist': `identifier=${identifier.system}|${identifier.value}` } : {}),
          ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        },
        body: JSON.stringify(medicationRequest),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const name = (err as Error)?.name;
      throw new PharmacyUnavailableError(name === 'TimeoutError' ? 'timeout' : 'network-error');
    }
  }
}
