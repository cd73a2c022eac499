import { ApplicationFailure } from '@temporalio/common';
import { type Knex } from 'knex';
import { systemActor } from '../../authz/actor.js';
import { recordAudit } from '../../audit/record-audit.js';
import { type Config } from '../../config/config.js';
import { prescriptionWorkflowId } from '../../workflows/shared/prescription.js';
import { type AssertionVerificationKeys } from '../epcs/signing-assertion.js';
import { type DrugKnowledgeBase } from '../knowledge-base/index.js';
import { type PharmacyAdapters } from '../pharmacy/pharmacy-adapter.js';
import { type PrescriptionRecord } from '../requests/prescription-record.js';
import { loadPrescription } from '../requests/prescription-repository.js';
import { recordEvent } from '../requests/prescription-history.js';
import { PrescriptionNotice } from '../requests/prescription-history-model.js';
import { type CaseRef, PRESCRIPTION_FAILURES } from './contract.js';

/** What the prescription activities are built from (one set per worker process). */
export interface PrescriptionStepDeps {
  db: Knex;
  settings: Config['prescriptions'];
  knowledgeBase: () => Promise<DrugKnowledgeBase>;
  adapters: PharmacyAdapters;
  verificationKeys: AssertionVerificationKeys;
}

const COMPONENT = 'prescription-workflow';
export const WORKFLOW_ACTOR = { type: 'system', id: COMPONENT } as const;

/** A request that cannot go on as stored: not retried, a person has to act. Codes only, never PHI. */
export function invalidRequest(reason: string): ApplicationFailure {
  return ApplicationFailure.create({ type: PRESCRIPTION_FAILURES.invalid, message: reason, nonRetryable: true });
}

export async function requireRequest(trx: Knex.Transaction, id: string, forUpdate = true): Promise<PrescriptionRecord> {
  const record = await loadPrescription(trx, id, { forUpdate });
  if (!record) throw invalidRequest('prescription-not-found');
  return record;
}

/** Every step is audited as the workflow acting for the tenant, with the patient it touched. */
export function auditStep(
  trx: Knex.Transaction,
  ref: CaseRef & { patientId: string },
  action: string,
  details: Record<string, unknown> = {},
  outcome: 'allowed' | 'denied' = 'allowed',
): Promise<void> {
  const actor = systemActor(ref.tenantId, COMPONENT, prescriptionWorkflowId(ref.prescriptionId));
  return recordAudit(trx, actor, { action, entityType: 'Prescription', entityId: ref.prescriptionId, patientId: ref.patientId, outcome, details });
}

export function stepEvent(
  trx: Knex.Transaction,
  ref: CaseRef,
  key: string,
  kind: string,
  details: Record<string, unknown> = {},
  actor: { type: string; id: string | null } = WORKFLOW_ACTOR,
): Promise<boolean> {
  return recordEvent(trx, { ...ref, key, kind, actor, details });
}

/**
 * Tells the requester a request ended without reaching the pharmacy (denied, expired, cancelled):
 * a notice they read in the API (a pharmacy's service account, a patient, the preparing staff).
 */
export async function noticeToRequester(trx: Knex.Transaction, record: PrescriptionRecord, kind: 'denied' | 'expired' | 'cancelled', reason: string | null): Promise<void> {
  const recipient: { type: PrescriptionNotice['recipientType']; id: string } =
    record.requestedBy.type === 'service'
      ? { type: 'service', id: record.requestedBy.id }
      : record.requestedBy.role === 'patient'
        ? { type: 'patient', id: record.patientId }
        : { type: 'user', id: record.requestedBy.id };
  await PrescriptionNotice.query(trx)
    .insert({ tenantId: record.tenantId, prescriptionId: record.id, recipientType: recipient.type, recipientId: recipient.id, kind, reason })
    .onConflict(['prescription_id', 'kind', 'recipient_type', 'recipient_id'])
    .ignore();
}
