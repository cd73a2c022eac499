import { randomBytes } from 'node:crypto';
import { createMessageSender } from '../../src/activities/messaging.js';
import { upsertIntegration } from '../../src/lab-results/integrations/integration-repository.js';
import { resolveLabResultTemplateVariables } from '../../src/lab-results/messaging/template-variables.js';
import { type LabSettingsInput, saveLabSettings } from '../../src/lab-results/settings/lab-settings.js';
import { createMessagingDeps, SUBJECT_RESOLVERS } from '../../src/messaging/runtime/messaging-deps.js';
import { createTestTenant, type TestTenant, type TestUser } from '../support/identity.js';
import { type TestStack } from '../support/stack.js';

export const unique = () => randomBytes(4).toString('hex').toUpperCase();
/** A 10-digit NPI-shaped number unique to a test run (the registry does not check the Luhn digit). */
const npi = () => `9${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;

export interface Obx {
  code: string;
  display?: string;
  type?: 'NM' | 'ST' | 'SN';
  value: string;
  units?: string;
  range?: string;
  flags?: string;
  status?: 'F' | 'P' | 'C';
}

export interface OruSpec {
  facility: string;
  controlId: string;
  /** PID-3 as sent (repetitions with CX-4 authority and CX-5 type). */
  pid3: string;
  placer?: string;
  filler?: string;
  test?: string;
  reportStatus?: 'F' | 'P' | 'C';
  providerNpi?: string;
  obx: Obx[];
}

/** An ORU^R01 built field by field (segments end in CR), so each test controls its identifiers. */
export function buildOru(spec: OruSpec): string {
  const provider = spec.providerNpi ? `${spec.providerNpi}^CAREWELL^PAT^J^^^^^NPI` : '';
  const placer = spec.placer ? `${spec.placer}^SMARTCLINIX` : '';
  const filler = spec.filler ? `${spec.filler}^${spec.facility}` : '';
  const segments = [
    `MSH|^~\\&|NW_LIS|${spec.facility}|SMARTCLINIX|RIVERSIDE_CLINIC|20240115083000-0500||ORU^R01^ORU_R01|${spec.controlId}|P|2.5.1`,
    `PID|1||${spec.pid3}||EXAMPLE^ADA^Q||19800214|F`,
    `ORC|RE|${placer}|${filler}||CM|||||||${provider}`,
    `OBR|1|${placer}|${filler}|${spec.test ?? '51990-0^Basic metabolic panel - Blood^LN'}|||20240115073000-0500|||||||||${provider}||||||20240115082500-0500|||${spec.reportStatus ?? 'F'}`,
    ...spec.obx.map(
      (o, i) =>
        `OBX|${i + 1}|${o.type ?? 'NM'}|${o.code}^${o.display ?? 'Test'}^LN||${o.value}|${o.units ?? ''}|${o.range ?? ''}|${o.flags ?? ''}|||${o.status ?? 'F'}|||20240115073000-0500`,
    ),
  ];
  return segments.map((segment) => `${segment}\r`).join('');
}

/** Rewrites MSH-4 (sender) and MSH-10 (control ID) of a fixture so it belongs to this test's tenant. */
export function asSender(raw: string, facility: string, controlId: string): string {
  const end = raw.search(/\r|\n/);
  const msh = raw.slice(0, end).split('|');
  msh[3] = facility;
  msh[9] = controlId;
  return msh.join('|') + raw.slice(end);
}

/** The Identifier.system of MRNs in the FHIR fixtures. */
export const FHIR_MRN_SYSTEM = 'urn:oid:2.16.840.1.113883.3.999.2';

export const POTASSIUM = '2823-3';
export const SODIUM = '2951-2';

export interface LabTenant {
  tenant: TestTenant;
  facility: string;
  integrationId: string;
  /** PID-3 authority this tenant's MRNs carry. */
  authority: string;
  orderer: LabPhysician;
  cover: LabPhysician;
  onCall: LabPhysician;
  lead: LabPhysician;
  /** A physician of another department: no relationship to the results. */
  stranger: LabPhysician;
  departmentId: string;
  patient: { id: string; mrn: string };
  settings(input: LabSettingsInput): Promise<void>;
}

export interface LabPhysician {
  practitionerId: string;
  npi: string;
  user: TestUser;
  /** Where their critical-result texts go. */
  mobile: string;
}

async function physician(tenant: TestTenant, withNpi = npi()): Promise<LabPhysician> {
  const practitionerId = await tenant.addPractitioner({ kind: 'physician', npi: withNpi });
  const user = await tenant.addUser('physician', { practitionerId });
  const mobile = `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
  await tenant.scoped((trx) => trx('users').where({ id: user.id }).update({ mobile_e164: mobile }));
  return { practitionerId, user, npi: withNpi, mobile };
}

/**
 * A tenant with a lab integration (its own sending facility, the test service account, MRNs under
 * RIVERSIDE_CLINIC), an ordering physician in a department with an on-call and a lead, a covering
 * physician (no coverage period unless a test adds one), and a patient. Durations are seconds.
 */
export async function createLabTenant(stack: TestStack, settings: LabSettingsInput = {}): Promise<LabTenant> {
  return equipLabTenant(await createTestTenant(stack), settings);
}

/** Sets an existing tenant up as `createLabTenant` does (for tests whose tenants come from elsewhere). */
export async function equipLabTenant(tenant: TestTenant, settings: LabSettingsInput = {}): Promise<LabTenant> {
  const facility = `LAB_${unique()}`;
  const authority = 'RIVERSIDE_CLINIC';
  const integration = await tenant.scoped((trx) =>
    upsertIntegration(trx, { tenantId: tenant.id, name: 'Northwind Lab', sendingFacility: facility, sendingApplication: 'NW_LIS', apiKeyId: tenant.apiKeyId, patientIdAuthorities: [authority, FHIR_MRN_SYSTEM] }),
  );
  const orderer = await physician(tenant);
  const [cover, onCall, lead, stranger] = [await physician(tenant), await physician(tenant), await physician(tenant), await physician(tenant)];
  const departmentId = await tenant.addDepartment({ on_call_practitioner_id: onCall.practitionerId, lead_practitioner_id: lead.practitionerId });
  await tenant.scoped((trx) => trx('department_members').insert({ tenant_id: tenant.id, department_id: departmentId, user_id: orderer.user.id }));
  const mrn = `MRN${unique()}`;
  const patientId = await tenant.addPatient({ mrn, sms_consent: 'granted', email_consent: 'granted', preferred_channel: 'sms' });
  const save = (input: LabSettingsInput) => tenant.scoped((trx) => saveLabSettings(trx, tenant.id, input));
  await save({ criticalAckDeadlineSeconds: 60, escalationStepSeconds: [600, 600, 600], reconciliationDueSeconds: 600, ...settings });
  return {
    tenant,
    facility,
    integrationId: integration.id,
    authority,
    orderer,
    cover,
    onCall,
    lead,
    stranger,
    departmentId,
    patient: { id: patientId, mrn },
    settings: save,
  };
}

/**
 * The worker's message sender with the lab-result template resolver registered (the messaging
 * module's resolver table is the place for it in production; see the lab-results README).
 */
export async function labMessaging(stack: TestStack) {
  const deps = await createMessagingDeps(stack.config, stack.db, { smsMinIntervalMs: 0 });
  const subjectResolvers = { ...SUBJECT_RESOLVERS, 'lab-result': resolveLabResultTemplateVariables };
  return {
    overrides: { subjectResolvers, sendMessage: createMessageSender({ ...deps.activityDeps, subjectResolvers }) },
    close: () => deps.close(),
  };
}

/** Polls until `probe` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
