import { assertCan, notVisible } from '../../authz/assert-can.js';
import { type Actor } from '../../authz/actor.js';
import { currentActor, withRequestTenant } from '../../authz/request-scope.js';
import { recordAudit } from '../../audit/record-audit.js';
import { AppError, conflict } from '../../errors/app-error.js';
import { taskActorRef } from '../../tasks/task-access.js';
import { sendTaskUpdate } from '../../tasks/workflow-gateway.js';
import { type PrescriptionDecisionPayload, type PrescriptionDecisionResult, prescriptionWorkflowId } from '../../workflows/shared/prescription.js';
import { completeTaskUpdate } from '../../workflows/shared/tasks.js';
import { type PrescriptionServices } from '../prescription-services.js';
import { type PrescriptionRecord } from '../requests/prescription-record.js';
import { findPermittedPrescription } from '../requests/prescription-repository.js';
import { decisionRefused } from './decision-errors.js';
import { type SigningRequest, signingPayload } from './signing-payload.js';
import { workflowState } from './workflow-starter.js';

export interface DecisionResponse {
  prescriptionId: string;
  status: PrescriptionDecisionResult['status'];
  contentDigest?: string;
}

/** The request, if the caller may see it, and the decision task its workflow is waiting on. */
async function openDecision(services: PrescriptionServices, id: string, taskId: string | undefined) {
  const record = await withRequestTenant(services.db, async ({ trx, ability }) => {
    const found = await findPermittedPrescription(trx, ability, id);
    if (!found) throw notVisible('decide', 'Prescription', id);
    return found;
  });
  const state = await workflowState(services.temporal, id);
  if (!state || state.stage !== 'awaiting-decision' || !state.taskId || !state.taskKind) {
    throw conflict('The prescription is not waiting for a decision.', { reason: 'not-awaiting-decision' });
  }
  if (taskId && taskId !== state.taskId) throw conflict('The decision task has changed since you loaded it.', { reason: 'stale-task' });
  return { record, taskId: state.taskId, taskKind: state.taskKind };
}

/** Sends the decision through the task inbox's Workflow Update and turns a refusal into a problem. */
async function decide(services: PrescriptionServices, actor: Actor, record: PrescriptionRecord, decision: { taskId: string; outcome: string; note?: string; payload?: PrescriptionDecisionPayload }) {
  const verdict = await sendTaskUpdate(services.temporal, prescriptionWorkflowId(record.id), completeTaskUpdate, {
    taskId: decision.taskId,
    actor: taskActorRef(actor),
    outcome: decision.outcome,
    ...(decision.note && { note: decision.note }),
    ...(decision.payload && { payload: decision.payload as Record<string, unknown> }),
  });
  const result = verdict.result as PrescriptionDecisionResult;
  await recordAudit(services.db, actor, {
    action: `prescription.${decision.outcome}`,
    entityType: 'Prescription',
    entityId: record.id,
    patientId: record.patientId,
    outcome: result.status === 'refused' ? 'denied' : 'allowed',
    details: { taskId: decision.taskId, result: result.status, ...(result.reason && { reason: result.reason }) },
  });
  if (result.status === 'refused') {
    throw decisionRefused(result.reason ?? 'decision-step-failed', { entityId: record.id, patientId: record.patientId }, { uncoveredFindings: result.uncoveredFindings });
  }
  return { prescriptionId: record.id, status: result.status, ...(result.contentDigest && { contentDigest: result.contentDigest }) };
}

/**
 * Approve (or modify and approve) as the prescriber, or approve a routine refill under protocol as
 * a nurse. A nurse can never sign a prescriber's task: that is refused here (403, audited) and by
 * the workflow's validator, and the workflow's state does not change.
 */
export async function approvePrescription(services: PrescriptionServices, id: string, body: SigningRequest & { taskId?: string }): Promise<DecisionResponse> {
  const { actor, ability } = currentActor();
  const { record, taskId, taskKind } = await openDecision(services, id, body.taskId);
  if (taskKind === 'protocol') {
    if (body.changes) throw new AppError(422, 'protocol-not-applicable', 'Decision refused', 'A protocol refill is approved as requested; refer it to a prescriber to change it.');
    assertCan(ability, 'decide', 'Prescription', record, { patientId: record.patientId });
    return decide(services, actor, record, { taskId, outcome: 'approve' });
  }
  if (taskKind !== 'signature') throw conflict('The prescription is not waiting for a signature.', { reason: 'not-awaiting-decision' });
  assertCan(ability, 'sign', 'Prescription', record, { patientId: record.patientId });
  const { payload } = await signingPayload(services, actor, record, body);
  return decide(services, actor, record, { taskId, outcome: body.changes ? 'modify' : 'approve', payload });
}

/** Deny as the signer, with a reason the requester is sent. */
export async function denyPrescription(services: PrescriptionServices, id: string, body: { reason: string; taskId?: string }): Promise<DecisionResponse> {
  const { actor, ability } = currentActor();
  const { record, taskId, taskKind } = await openDecision(services, id, body.taskId);
  if (taskKind !== 'signature') throw conflict('Only a signer’s task is denied; refer a protocol refill to a prescriber instead.', { reason: 'not-a-signature-task' });
  assertCan(ability, 'deny', 'Prescription', record, { patientId: record.patientId });
  return decide(services, actor, record, { taskId, outcome: 'deny', note: body.reason });
}
