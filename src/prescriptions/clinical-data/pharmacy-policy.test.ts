import { type AppError } from '../../errors/app-error.js';
import { type PharmacyPolicy, requireConsistentTransport } from './pharmacies.js';

const PRODUCTION: PharmacyPolicy = { production: true };
const DEVELOPMENT: PharmacyPolicy = { production: false };
const secured = {
  transport: 'fhir' as const,
  fhirEndpointUrl: 'https://fhir.elm-street.example/r4',
  fhirTokenUrl: 'https://auth.elm-street.example/token',
  fhirClientId: 'smartclinix',
  fhirScope: null,
};

/** The JSON pointers a directory entry is refused for; [] when it is accepted. */
function refusals(record: Parameters<typeof requireConsistentTransport>[0], policy: PharmacyPolicy): string[] {
  try {
    requireConsistentTransport(record, policy);
    return [];
  } catch (err) {
    expect((err as AppError).status).toBe(422);
    return ((err as AppError).extras.errors as { pointer: string }[]).map((e) => e.pointer);
  }
}

describe('pharmacy directory rules', () => {
  it('When a FHIR pharmacy has https endpoints and token settings, then it is accepted everywhere', () => {
    expect(refusals(secured, PRODUCTION)).toEqual([]);
    expect(refusals(secured, DEVELOPMENT)).toEqual([]);
  });

  it('When production meets a FHIR pharmacy without a token or over plain http, then each gap is named', () => {
    const plain = { ...secured, fhirEndpointUrl: 'http://fhir.elm-street.example/r4', fhirTokenUrl: null, fhirClientId: null };
    expect(refusals(plain, PRODUCTION)).toEqual(['/body/fhirTokenUrl', '/body/fhirEndpointUrl']);
    expect(refusals({ ...secured, fhirTokenUrl: 'http://auth.elm-street.example/token' }, PRODUCTION)).toEqual(['/body/fhirTokenUrl']);
    // Development and tests talk to local fakes over http, with or without a token.
    expect(refusals(plain, DEVELOPMENT)).toEqual([]);
  });

  it('When production meets the dev transport, then it is refused; deactivating an old entry is always allowed', () => {
    const dev = { transport: 'dev' as const, fhirEndpointUrl: null, fhirTokenUrl: null, fhirClientId: null, fhirScope: null };
    expect(refusals(dev, PRODUCTION)).toEqual(['/body/transport']);
    expect(refusals({ ...dev, active: false }, PRODUCTION)).toEqual([]);
    expect(refusals({ ...secured, fhirTokenUrl: null, fhirClientId: null, active: false }, PRODUCTION)).toEqual([]);
  });

  it('When token settings come half-set, or a scope without them, then they are refused in any environment', () => {
    expect(refusals({ ...secured, fhirClientId: null }, DEVELOPMENT)).toEqual(['/body/fhirClientId']);
    expect(refusals({ ...secured, fhirTokenUrl: null, fhirClientId: null, fhirScope: 'system/MedicationRequest.c' }, DEVELOPMENT)).toEqual(['/body/fhirScope']);
    expect(refusals({ ...secured, fhirEndpointUrl: null }, DEVELOPMENT)).toEqual(['/body/fhirEndpointUrl']);
  });
});
