import { prescriptionWorkflowId } from '../../src/workflows/shared/prescription.js';
import { SUBJECT_RESOLVERS } from '../../src/messaging/runtime/messaging-deps.js';
import { resolvePrescriptionTemplateVariables } from '../../src/prescriptions/template-variables.js';
import { type PharmacyAdapters } from '../../src/prescriptions/pharmacy/pharmacy-adapter.js';
import { type ApiResponse, api } from '../support/http.js';
import { createTestTenant, type TestTenant, type TestUser, totpCode } from '../support/identity.js';
import { type TestStack } from '../support/stack.js';
import { FakePharmacy } from './fake-pharmacy.js';

export const LISINOPRIL = '29046';
export const AMOXICILLIN = '723';
export const CEPHALEXIN = '2231';
export const WARFARIN = '11289';
export const IBUPROFEN = '5640';
export const SERTRALINE = '36437';
export const FLUOXETINE = '4493';
export const OXYCODONE = '7804';
export const PHARMACY_NAME = 'Elm Street Pharmacy';

/** A routine, non-controlled order (lisinopril 10 mg daily); add `patientId` and `prescriberId`. */
export const LISINOPRIL_ORDER = {
  rxcui: LISINOPRIL,
  strength: { value: 10, unit: 'mg' },
  dose: { value: 1, unit: 'tablet' },
  route: 'oral',
  timing: { frequency: 1, period: 1, periodUnit: 'd' },
  sig: 'Take 1 tablet by mouth once daily',
  quantity: { value: 30, unit: 'tablet' },
  refills: 2,
  daysSupply: 30,
  indication: 'Hypertension',
};

/** An IANA zone where it is now about `hour` o'clock (Etc/GMT signs are inverted): patient notices avoid quiet hours. */
export function zoneAtLocalHour(hour: number): string {
  let offset = hour - new Date().getUTCHours();
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  return offset === 0 ? 'Etc/UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

/** Starts the worker with the prescription subject resolver (patient notices) and optional adapters. */
export function startPrescriptionWorker(stack: TestStack, adapters?: Partial<PharmacyAdapters>): Promise<void> {
  return stack.startWorker({
    subjectResolvers: { ...SUBJECT_RESOLVERS, prescription: resolvePrescriptionTemplateVariables },
    prescriptions: { settings: stack.config.prescriptions, ...(adapters && { adapters }) },
  });
}

export interface RxClinic {
  tenant: TestTenant;
  pharmacy: FakePharmacy;
  pharmacyId: string;
  physician: TestUser;
  physicianWithoutDea: TestUser;
  resident: TestUser;
  nurse: TestUser;
  /** A patient who accepts texts, in a zone where it is daytime, with the fake pharmacy preferred. */
  addPatient(): Promise<string>;
  addAllergy(patientId: string, substance: string): Promise<void>;
  addMedication(patientId: string, rxcui: string): Promise<void>;
  /** A request prepared by `user` for the tenant's physician (unless `prescriberId` says otherwise). */
  request(user: TestUser, patientId: string, fields?: Record<string, unknown>, headers?: Record<string, string>): Promise<ApiResponse>;
  get(prescriptionId: string, user?: TestUser): Promise<ApiResponse>;
  /** Polls the request (as the physician) until `done` holds; fails after `timeoutMs`. */
  waitFor(prescriptionId: string, done: (rx: any) => boolean, timeoutMs?: number): Promise<any>;
  /** A TOTP code the API has not seen yet for this user (waits for the next time step when needed). */
  freshCode(user: TestUser): Promise<string>;
  settings(patch: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

export async function createRxClinic(stack: TestStack): Promise<RxClinic> {
  const tenant = await createTestTenant(stack, { settings: { messaging: { clinicName: 'Lakeside Clinic' } } });
  const pharmacy = await FakePharmacy.start();
  const admin = tenant.token('admin');
  const created = await api(stack.baseUrl, 'POST', '/api/v1/pharmacies', {
    token: admin,
    body: { name: PHARMACY_NAME, ncpdpId: '1234567', transport: 'fhir', fhirEndpointUrl: pharmacy.baseUrl, apiKeyId: tenant.apiKeyId },
  });
  if (created.status !== 201) throw new Error(`pharmacy not created: ${created.status} ${JSON.stringify(created.body)}`);
  const physician = tenant.users.physician;
  const noDeaPractitioner = await tenant.addPractitioner({ kind: 'physician', can_prescribe: true });
  const physicianWithoutDea = await tenant.addUser('physician', { practitionerId: noDeaPractitioner, mfa: true });
  const residentPractitioner = await tenant.addPractitioner({ kind: 'resident', can_prescribe: true, supervising_practitioner_id: physician.practitionerId });
  const resident = await tenant.addUser('physician', { practitionerId: residentPractitioner, mfa: true });
  const usedSteps = new Map<string, number>();

  const clinic: RxClinic = {
    tenant,
    pharmacy,
    pharmacyId: created.body.id,
    physician,
    physicianWithoutDea,
    resident,
    nurse: tenant.users.nurse,
    async addPatient() {
      const id = await tenant.addPatient({ sms_consent: 'granted', sms_consent_source: 'intake-form', sms_consent_at: new Date(), timezone: zoneAtLocalHour(13) });
      const set = await api(stack.baseUrl, 'PUT', `/api/v1/patients/${id}/pharmacy`, { token: tenant.token('nurse'), body: { pharmacyId: clinic.pharmacyId } });
      if (set.status !== 200) throw new Error(`preferred pharmacy not set: ${set.status}`);
      return id;
    },
    async addAllergy(patientId, substance) {
      const res = await api(stack.baseUrl, 'POST', `/api/v1/patients/${patientId}/allergies`, { token: tenant.token('nurse'), body: { substance, severity: 'severe' } });
      if (res.status !== 201) throw new Error(`allergy not recorded: ${res.status}`);
    },
    async addMedication(patientId, rxcui) {
      const res = await api(stack.baseUrl, 'POST', `/api/v1/patients/${patientId}/medications`, { token: tenant.token('nurse'), body: { rxcui } });
      if (res.status !== 201) throw new Error(`medication not recorded: ${res.status}`);
    },
    request(user, patientId, fields = {}, headers = {}) {
      return api(stack.baseUrl, 'POST', '/api/v1/prescriptions', {
        token: user.accessToken,
        headers,
        body: { ...LISINOPRIL_ORDER, patientId, prescriberId: physician.practitionerId, ...fields },
      });
    },
    get(prescriptionId, user = physician) {
      return api(stack.baseUrl, 'GET', `/api/v1/prescriptions/${prescriptionId}`, { token: user.accessToken });
    },
    async waitFor(prescriptionId, done, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      let last: any;
      while (Date.now() < deadline) {
        last = (await clinic.get(prescriptionId)).body;
        if (done(last)) return last;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`prescription ${prescriptionWorkflowId(prescriptionId)} did not reach the expected state; last status ${last?.status}`);
    },
    async freshCode(user) {
      const last = usedSteps.get(user.id) ?? 0;
      let step = Math.floor(Date.now() / 30_000);
      if (step <= last) {
        // One step ahead is within the verifier's tolerance; beyond that, wait for time to catch up.
        if (last + 1 > step + 1) await new Promise((r) => setTimeout(r, (last + 1 - step - 1) * 30_000 + 100));
        step = last + 1;
      }
      usedSteps.set(user.id, step);
      return totpCode(user.totpSecret!, step * 30);
    },
    async settings(patch) {
      const res = await api(stack.baseUrl, 'PUT', '/api/v1/prescription-settings', { token: admin, body: patch });
      if (res.status !== 200) throw new Error(`settings not saved: ${res.status} ${JSON.stringify(res.body)}`);
    },
    close: () => pharmacy.close(),
  };
  return clinic;
}
