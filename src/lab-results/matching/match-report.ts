import { type Knex } from 'knex';
import { fn, raw } from 'objection';
import { type LabPatient, type Provider } from '../interop/index.js';
import { getIntegration } from '../integrations/integration-repository.js';
import { LabOrder } from '../orders/lab-order-model.js';
import { findOrderByNumber } from '../orders/order-repository.js';
import { LabReport, LabReportRevision } from '../results/lab-report-model.js';
import { decideMatch, type MatchDecision } from './match-decision.js';

/** Patients named by identifiers whose assigning authority designates this tenant's MRN. */
async function patientsByIdentifier(trx: Knex.Transaction, patient: LabPatient, authorities: string[]): Promise<string[]> {
  const mrns = patient.identifiers
    .filter((identifier) => identifier.assigningAuthority !== undefined && authorities.includes(identifier.assigningAuthority))
    .map((identifier) => identifier.value);
  if (mrns.length === 0) return [];
  const rows = await trx('patients').whereIn('mrn', [...new Set(mrns)]).select<{ id: string }[]>('id');
  return rows.map((row) => row.id);
}

async function practitionerByProvider(trx: Knex.Transaction, provider: Provider | null): Promise<string | undefined> {
  if (!provider?.id) return undefined;
  const rows = await trx('practitioners').where({ npi: provider.id, active: true }).limit(2).select<{ id: string }[]>('id');
  return rows.length === 1 ? rows[0]!.id : undefined;
}

async function openOrderFor(trx: Knex.Transaction, patientId: string, testCode: string) {
  const orders = await LabOrder.query(trx)
    .where({ patient_id: patientId, status: 'ordered' })
    .whereRaw('? = any(test_codes)', [testCode])
    .limit(2)
    .select('id', 'ordering_practitioner_id');
  return orders.length === 1 ? { id: orders[0]!.id, orderingPractitionerId: orders[0]!.orderingPractitionerId } : undefined;
}

/** Gathers the evidence for one revision of a report and decides (see `decideMatch`). */
export async function matchRevision(trx: Knex.Transaction, reportId: string, revisionId: string): Promise<MatchDecision> {
  const report = (await LabReport.query(trx).findById(reportId).select('integration_id', 'placer_order_number', 'filler_order_number', 'test_code'))!;
  const revision = (await LabReportRevision.query(trx).findById(revisionId).select('patient', 'ordering_provider'))!;
  const integration = await getIntegration(trx, report.integrationId);
  const order = await findOrderByNumber(trx, { placer: report.placerOrderNumber, filler: report.fillerOrderNumber });
  const identifierPatientIds = await patientsByIdentifier(trx, revision.patient, integration?.patientIdAuthorities ?? []);
  const single = identifierPatientIds.length === 1 ? identifierPatientIds[0] : undefined;
  return decideMatch({
    order,
    identifierPatientIds,
    providerPractitionerId: await practitionerByProvider(trx, revision.orderingProvider),
    openOrder: !order && single ? await openOrderFor(trx, single, report.test.code) : undefined,
  });
}

/** Links the report to its patient, orderer and order; the order learns the lab's accession. */
export async function applyMatch(
  trx: Knex.Transaction,
  reportId: string,
  match: { patientId: string; orderingPractitionerId: string; labOrderId: string | null; by: 'order' | 'identifier' | 'reconciliation' },
): Promise<void> {
  const [report] = await LabReport.query(trx)
    .patch({
      patientId: match.patientId,
      orderingPractitionerId: match.orderingPractitionerId,
      labOrderId: match.labOrderId,
      matchStatus: 'matched',
      matchedBy: match.by,
      updatedAt: fn.now(),
    })
    .where('id', reportId)
    .returning('filler_order_number');
  if (match.labOrderId) {
    await LabOrder.query(trx)
      .patch({
        status: 'resulted',
        fillerOrderNumber: raw('coalesce(filler_order_number, ?)', [report?.fillerOrderNumber ?? null]),
        updatedAt: fn.now(),
      })
      .where('id', match.labOrderId);
  }
}
