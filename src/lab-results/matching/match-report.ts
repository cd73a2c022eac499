import { type Knex } from 'knex';
import { type LabPatient, type Provider } from '../interop/index.js';
import { getIntegration } from '../integrations/integration-repository.js';
import { findOrderByNumber } from '../orders/order-repository.js';
import { decideMatch, type MatchDecision } from './match-decision.js';

interface ReportRow {
  id: string;
  integration_id: string;
  placer_order_number: string | null;
  filler_order_number: string | null;
  test_code: string;
}

interface RevisionRow {
  patient: LabPatient;
  ordering_provider: Provider | null;
}

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
  const rows = await trx('lab_orders')
    .where({ patient_id: patientId, status: 'ordered' })
    .whereRaw('? = any(test_codes)', [testCode])
    .limit(2)
    .select<{ id: string; ordering_practitioner_id: string }[]>('id', 'ordering_practitioner_id');
  return rows.length === 1 ? { id: rows[0]!.id, orderingPractitionerId: rows[0]!.ordering_practitioner_id } : undefined;
}

/** Gathers the evidence for one revision of a report and decides (see `decideMatch`). */
export async function matchRevision(trx: Knex.Transaction, reportId: string, revisionId: string): Promise<MatchDecision> {
  const report = await trx('lab_reports').where({ id: reportId }).first<ReportRow>();
  const revision = await trx('lab_report_revisions').where({ id: revisionId }).first<RevisionRow>('patient', 'ordering_provider');
  const integration = await getIntegration(trx, report.integration_id);
  const order = await findOrderByNumber(trx, { placer: report.placer_order_number, filler: report.filler_order_number });
  const identifierPatientIds = await patientsByIdentifier(trx, revision.patient, integration?.patientIdAuthorities ?? []);
  const single = identifierPatientIds.length === 1 ? identifierPatientIds[0] : undefined;
  return decideMatch({
    order,
    identifierPatientIds,
    providerPractitionerId: await practitionerByProvider(trx, revision.ordering_provider),
    openOrder: !order && single ? await openOrderFor(trx, single, report.test_code) : undefined,
  });
}

/** Links the report to its patient, orderer and order; the order learns the lab's accession. */
export async function applyMatch(
  trx: Knex.Transaction,
  reportId: string,
  match: { patientId: string; orderingPractitionerId: string; labOrderId: string | null; by: 'order' | 'identifier' | 'reconciliation' },
): Promise<void> {
  const [report] = await trx('lab_reports')
    .where({ id: reportId })
    .update({
      patient_id: match.patientId,
      ordering_practitioner_id: match.orderingPractitionerId,
      lab_order_id: match.labOrderId,
      match_status: 'matched',
      matched_by: match.by,
      updated_at: trx.fn.now(),
    })
    .returning<{ filler_order_number: string | null }[]>('filler_order_number');
  if (match.labOrderId) {
    await trx('lab_orders')
      .where({ id: match.labOrderId })
      .update({
        status: 'resulted',
        filler_order_number: trx.raw('coalesce(filler_order_number, ?)', [report?.filler_order_number ?? null]),
        updated_at: trx.fn.now(),
      });
  }
}
