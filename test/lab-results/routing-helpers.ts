import { api } from '../support/http.js';
import { type TestStack } from '../support/stack.js';
import { buildOru, eventually, type LabTenant, type OruSpec, unique } from './support.js';

/** Submits an ORU^R01 as the tenant's lab (HL7 over HTTP) and returns the stored report's ID. */
export async function submitOru(stack: TestStack, lab: LabTenant, spec: Omit<OruSpec, 'facility' | 'controlId'>): Promise<string> {
  const controlId = `T-${unique()}`;
  const res = await api(stack.baseUrl, 'POST', '/api/v1/lab-results/hl7', {
    body: buildOru({ ...spec, facility: lab.facility, controlId }),
    headers: { 'content-type': 'x-application/hl7-v2+er7', 'x-api-key': lab.tenant.apiKey },
  });
  if (!String(res.body).includes('MSA|AA|')) throw new Error(`message not accepted: ${String(res.body).split('\r')[1]}`);
  const revision = await eventually<{ report_id: string }>(
    async () =>
      (await stack.ownerDb('lab_report_revisions as r')
        .join('hl7_inbox as i', 'i.id', 'r.inbox_id')
        .where('i.message_control_id', controlId)
        .first<{ report_id: string } | undefined>('r.report_id')) ?? undefined,
    20_000,
    'the report to be stored',
  );
  return revision.report_id;
}

export async function createOrder(stack: TestStack, lab: LabTenant, overrides: Record<string, unknown> = {}) {
  const res = await api(stack.baseUrl, 'POST', '/api/v1/lab-orders', {
    token: lab.orderer.user.accessToken,
    body: { patientId: lab.patient.id, performingLabId: lab.integrationId, testCodes: ['51990-0'], priority: 'urgent', placerOrderNumber: `ORD-${unique()}`, ...overrides },
  });
  if (res.status !== 201) throw new Error(`order not created: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; placerOrderNumber: string };
}

export function openTasks(stack: TestStack, reportId: string, type?: string) {
  const query = stack.ownerDb('tasks').where({ subject_type: 'lab-result', subject_id: reportId }).whereIn('status', ['open', 'claimed']);
  return type ? query.where({ type }) : query;
}

export async function waitForTask(stack: TestStack, reportId: string, type: string, timeoutMs = 20_000) {
  return eventually(async () => (await openTasks(stack, reportId, type).first()) ?? undefined, timeoutMs, `a ${type} task`);
}

export function report(stack: TestStack, reportId: string) {
  return stack.ownerDb('lab_reports').where({ id: reportId }).first();
}

export function events(stack: TestStack, reportId: string, kind?: string) {
  const query = stack.ownerDb('lab_result_events').where({ report_id: reportId }).orderBy('id');
  return kind ? query.where({ kind }) : query;
}
