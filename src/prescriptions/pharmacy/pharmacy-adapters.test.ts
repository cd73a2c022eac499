import { type MedicationRequest } from '@medplum/fhirtypes';
import { DevPharmacyAdapter } from './dev-pharmacy-adapter.js';
import { interpretPharmacyResponse } from './fhir-pharmacy-adapter.js';
import { PharmacyRejectedError, PharmacyUnavailableError } from './pharmacy-adapter.js';

const outcome = (code: string, diagnostics: string) => ({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] });

describe('pharmacy responses', () => {
  it('When the pharmacy creates the prescription, then its ID is the reference; when it already had it, the receipt says duplicate', () => {
    expect(interpretPharmacyResponse(201, { resourceType: 'MedicationRequest', id: 'ph-1' }, null)).toEqual({ pharmacyReference: 'ph-1', duplicate: false });
    expect(interpretPharmacyResponse(200, undefined, 'https://ph.example/fhir/MedicationRequest/ph-2/_history/1')).toEqual({
      pharmacyReference: 'ph-2',
      duplicate: true,
    });
  });

  it('When the pharmacy answers 408, 429 or 5xx, then the failure is transient', () => {
    for (const status of [408, 429, 500, 502, 503, 504]) {
      expect(() => interpretPharmacyResponse(status, undefined, null)).toThrow(PharmacyUnavailableError);
    }
  });

  it("When the pharmacy rejects with an OperationOutcome, then the failure is permanent and keeps the pharmacy's issue", () => {
    let error: unknown;
    try {
      interpretPharmacyResponse(422, outcome('business-rule', 'Prescriber not enrolled'), null);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(PharmacyRejectedError);
    expect(error).toMatchObject({ code: 'http-422:business-rule', detail: 'Prescriber not enrolled', httpStatus: 422 });
    // The message carries the code only: the pharmacy's text may name the patient.
    expect((error as Error).message).not.toContain('Prescriber not enrolled');
  });

  it('When a success carries no identifier, then it is treated as a rejection rather than a silent success', () => {
    expect(() => interpretPharmacyResponse(201, {}, null)).toThrow(PharmacyRejectedError);
  });
});

describe('dev pharmacy adapter', () => {
  it('When the same prescription is transmitted twice, then one record is kept and the second is a duplicate', async () => {
    const adapter = new DevPharmacyAdapter();
    const transmission = {
      tenantId: 't',
      prescriptionId: 'rx-1',
      pharmacy: { id: 'ph', transport: 'dev' as const, fhirEndpointUrl: null, auth: null },
      medicationRequest: { resourceType: 'MedicationRequest' } as MedicationRequest,
    };
    const first = await adapter.transmit(transmission);
    const second = await adapter.transmit(transmission);
    expect(second).toEqual({ pharmacyReference: first.pharmacyReference, duplicate: true });
    expect(adapter.transmissions).toHaveLength(1);
  });
});
