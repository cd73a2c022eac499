import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { type MedicationRequest } from '@medplum/fhirtypes';
import { calculateJwkThumbprint } from 'jose';
import { FhirPharmacyAdapter } from '../../src/prescriptions/pharmacy/fhir-pharmacy-adapter.js';
import { type PharmacyTransmission } from '../../src/prescriptions/pharmacy/pharmacy-adapter.js';
import { loadSmartClientKey, SmartBackendAuth, type SmartClientKey } from '../../src/prescriptions/pharmacy/smart-backend-auth.js';
import { api } from '../support/http.js';
import { createTestTenant, type TestTenant } from '../support/identity.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { FakePharmacy } from './fake-pharmacy.js';

/**
 * SMART Backend Services against a pharmacy that requires it: the real FHIR adapter and token client
 * talk HTTP to the fake pharmacy, which verifies our signed client assertions with our public key.
 */
const newKey = () => loadSmartClientKey(generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'));
const CLIENT_ID = 'smartclinix-lakeside';

let stack: TestStack;
let tenant: TestTenant;
let key: SmartClientKey;
let pharmacy: FakePharmacy;
beforeAll(async () => {
  stack = await startTestStack();
  tenant = await createTestTenant(stack);
  key = await newKey();
  pharmacy = await FakePharmacy.start({ auth: { clientId: CLIENT_ID, publicJwk: key.publicJwk } });
});
afterAll(async () => {
  await pharmacy?.close();
  await stack?.close();
});

const registration = () => ({ tokenUrl: pharmacy.tokenUrl, clientId: CLIENT_ID, scope: null });
function transmission(auth: PharmacyTransmission['pharmacy']['auth'] = registration()): PharmacyTransmission {
  const id = randomUUID();
  const medicationRequest = { resourceType: 'MedicationRequest', status: 'active', intent: 'order', identifier: [{ system: 'urn:smartclinix:prescription-id', value: id }] } as MedicationRequest;
  return { tenantId: tenant.id, prescriptionId: id, pharmacy: { id: 'ph', transport: 'fhir', fhirEndpointUrl: pharmacy.baseUrl, auth }, medicationRequest };
}
const statusesFor = (t: PharmacyTransmission) => pharmacy.requests.filter((r) => r.body?.identifier?.[0]?.value === t.prescriptionId).map((r) => r.status);

describe('pharmacy authentication (SMART Backend Services)', () => {
  it('When two prescriptions go to a pharmacy that requires a token, then one token, obtained with our signed assertion, carries both', async () => {
    const adapter = new FhirPharmacyAdapter({ auth: new SmartBackendAuth(key) });
    const before = pharmacy.tokenRequests.length;
    const [first, second] = [transmission(), transmission()];
    await expect(adapter.transmit(first)).resolves.toMatchObject({ duplicate: false });
    await expect(adapter.transmit(second)).resolves.toMatchObject({ duplicate: false });
    expect([statusesFor(first), statusesFor(second)]).toEqual([[201], [201]]);
    expect(pharmacy.tokenRequests.slice(before)).toEqual([{ status: 200, scope: 'system/MedicationRequest.c' }]);
  });

  it('When the pharmacy revokes the token, then the 401 is answered with one new token and the prescription still goes once', async () => {
    const adapter = new FhirPharmacyAdapter({ auth: new SmartBackendAuth(key) });
    await adapter.transmit(transmission());
    pharmacy.revokeTokens();
    const before = pharmacy.tokenRequests.length;
    const t = transmission();
    await expect(adapter.transmit(t)).resolves.toMatchObject({ duplicate: false });
    expect(statusesFor(t)).toEqual([401, 201]);
    expect(pharmacy.tokenRequests.slice(before)).toEqual([expect.objectContaining({ status: 200 })]);
    expect(pharmacy.received(t.prescriptionId)).toHaveLength(1);
  });

  it('When our key is not the one the pharmacy registered, then the refusal is permanent and names the OAuth error; nothing reaches the FHIR endpoint', async () => {
    const adapter = new FhirPharmacyAdapter({ auth: new SmartBackendAuth(await newKey()) });
    const t = transmission();
    await expect(adapter.transmit(t)).rejects.toMatchObject({ name: 'PharmacyRejectedError', code: 'token-refused:invalid_client' });
    expect(statusesFor(t)).toEqual([]);
  });

  it('When the token endpoint is down, then the failure is transient, and the next attempt gets a token and goes through', async () => {
    const adapter = new FhirPharmacyAdapter({ auth: new SmartBackendAuth(key) });
    const t = transmission();
    pharmacy.failNextTokenRequests(503);
    await expect(adapter.transmit(t)).rejects.toMatchObject({ name: 'PharmacyUnavailableError', code: 'token-http-503' });
    await expect(adapter.transmit(t)).resolves.toMatchObject({ duplicate: false });
    expect(statusesFor(t)).toEqual([201]);
  });

  it('When the directory has no registration for a pharmacy that requires one, or we hold no client key, then the refusal is permanent', async () => {
    const unregistered = transmission(null);
    await expect(new FhirPharmacyAdapter({ auth: new SmartBackendAuth(key) }).transmit(unregistered)).rejects.toMatchObject({ name: 'PharmacyRejectedError', code: 'http-401:login' });
    await expect(new FhirPharmacyAdapter().transmit(transmission())).rejects.toMatchObject({ name: 'PharmacyRejectedError', code: 'client-key-missing' });
  });

  it('When a pharmacy asks for our key, then the JWK Set holds the public half of PHARMACY_CLIENT_KEY only, under its thumbprint', async () => {
    const res = await api(stack.baseUrl, 'GET', '/api/v1/pharmacy-client/jwks.json');
    expect(res.status).toBe(200);
    const [jwk] = res.body.keys;
    expect(res.body.keys).toHaveLength(1);
    expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-384', alg: 'ES384', use: 'sig' });
    expect(jwk.d).toBeUndefined();
    expect(jwk.kid).toBe(await calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, 'sha256'));
    expect(jwk).toEqual((await loadSmartClientKey(stack.config.prescriptions.pharmacyClientKey)).publicJwk);
  });

  it('When an administrator registers a pharmacy with half of its token settings, then the request is refused naming the missing half (400 by the schema, 422 by the change it would make)', async () => {
    const admin = tenant.token('admin');
    const base = { name: 'Oak Pharmacy', transport: 'fhir', fhirEndpointUrl: pharmacy.baseUrl };
    const half = await api(stack.baseUrl, 'POST', '/api/v1/pharmacies', { token: admin, body: { ...base, fhirTokenUrl: pharmacy.tokenUrl } });
    expect(half.status).toBe(400);
    expect(half.body.errors).toEqual([expect.objectContaining({ pointer: '/body/fhirClientId' })]);

    const plain = await api(stack.baseUrl, 'POST', '/api/v1/pharmacies', { token: admin, body: base });
    expect(plain.status).toBe(201);
    const scopeOnly = await api(stack.baseUrl, 'PATCH', `/api/v1/pharmacies/${plain.body.id}`, { token: admin, body: { fhirScope: 'system/MedicationRequest.c' } });
    expect(scopeOnly.status).toBe(422);
    expect(scopeOnly.body.errors).toEqual([expect.objectContaining({ pointer: '/body/fhirScope' })]);
    const registered = await api(stack.baseUrl, 'PATCH', `/api/v1/pharmacies/${plain.body.id}`, { token: admin, body: { fhirTokenUrl: pharmacy.tokenUrl, fhirClientId: CLIENT_ID } });
    expect(registered.status).toBe(200);
    expect(registered.body).toMatchObject({ fhirTokenUrl: pharmacy.tokenUrl, fhirClientId: CLIENT_ID, fhirScope: null });
  });
});
