import { type Client, WithStartWorkflowOperation } from '@temporalio/client';
import { type Knex } from 'knex';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { assertCan, notVisible } from '../../authz/assert-can.js';
import { type AccessScope } from '../../authz/request-scope.js';
import { type Action } from '../../authz/subjects.js';
import { recordAudit } from '../../audit/record-audit.js';
import { AppError, conflict, validationFailed } from '../../errors/app-error.js';
import { sendTaskUpdate, taskUpdateError, withUpdateDeadline } from '../../tasks/workflow-gateway.js';
import { caseSearchAttributes } from '../../temporal/workflow-start.js';
import {
  CRITICAL_ACK_OUTCOME,
  LAB_DECISION_FAILURES,
  LAB_RESULT_CASE_TYPE,
  LAB_RESULT_WORKFLOW,
  LAB_TASK_TYPES,
  type LabActorRef,
  placeHoldUpdate,
  RECONCILED_OUTCOME,
  type ReleaseState,
  releaseResultUpdate,
} from '../../workflows/shared/lab-result.js';
import { completeTaskUpdate } from '../../workflows/shared/tasks.js';
import { LabOrder } from '../orders/lab-order-model.js';
import { LabCriticalNotification } from '../routing/critical-notification-model.js';
import { criticalValues } from '../routing/critical-notifications.js';
import { readBackMatches } from '../routing/read-back.js';
import { findLabResult, type LabResultRecord } from './result-repository.js';

export interface LabWorkflowGateway {
  temporal: Client;
  taskQueue: string;
  /** Pool for audit entries that must outlive a refused request's transaction. */
  db: Knex;
}

/** The report the caller may act on: 404 when they cannot even read it, 403 when they can but not this. */
async function reportFor(scope: AccessScope, id: string, action: Action): Promise<LabResultRecord> {
  const record = await findLabResult(scope, id);
  if (!record) throw notVisible(action, 'LabResult', id);
  assertCan(scope.ability, action, 'LabResult', record, { patientId: record.patientId });
  return record;
}

function actorRef(scope: AccessScope): LabActorRef {
  return { userId: scope.actor.id, practitionerId: scope.actor.practitionerId ?? null, role: scope.actor.role };
}

async function openTask(scope: AccessScope, reportId: string, types: string[]): Promise<{ id: string; workflow_id: string } | undefined> {
  return scope
    .trx('tasks')
    .where({ subject_type: 'lab-result', subject_id: reportId })
    .whereIn('type', types)
    .whereIn('status', ['open', 'claimed'])
    .orderBy('created_at', 'desc')
    .first<{ id: string; workflow_id: string } | undefined>('id', 'workflow_id');
}

function decisionError(err: unknown): unknown {
  let current: unknown = err;
  for (let depth = 0; current && depth < 5; depth += 1) {
    if (current instanceof ApplicationFailure) {
      if (current.type === LAB_DECISION_FAILURES.conflict) return conflict('The result is not in a state for this action.', { reason: current.message });
      if (current.type === LAB_DECISION_FAILURES.invalid) {
        return new AppError(422, 'invalid-lab-decision', 'Invalid decision', 'The decision is not valid for this result.', { reason: current.message });
      }
    }
    current = (current as { cause?: unknown }).cause;
  }
  return taskUpdateError(err);
}

/**
 * Acknowledges a critical result through its task (the same Workflow Update as the task inbox).
 * The read-back is checked here first so a mismatch is answered 422 and the task stays open.
 */
export async function acknowledgeCriticalResult(scope: AccessScope, gateway: LabWorkflowGateway, id: string, readBack: string) {
  const record = await reportFor(scope, id, 'acknowledge');
  const task = await openTask(scope, id, [LAB_TASK_TYPES.criticalAck, LAB_TASK_TYPES.criticalAckCorrected]);
  const notification = await LabCriticalNotification.query(scope.trx)
    .where('report_id', id)
    .whereNull('acknowledged_at')
    .orderBy('identified_at', 'desc')
    .select('id')
    .first();
  if (!task || !notification) throw conflict('No critical result of this report is awaiting acknowledgement.');
  if (!readBackMatches(readBack, await criticalValues(scope.trx, notification.id))) {
    // Written on its own connection: the request's transaction rolls back with the 422.
    await recordAudit(gateway.db, scope.actor, { action: 'acknowledge', entityType: 'LabResult', entityId: id, patientId: record.patientId, outcome: 'denied', reason: 'read-back-mismatch' });
    throw validationFailed([{ pointer: '/body/readBack', detail: 'does not match the critical value(s); read them back again' }], 'The read-back does not match.');
  }
  const verdict = await sendTaskUpdate(gateway.temporal, task.workflow_id, completeTaskUpdate, {
    taskId: task.id,
    actor: { type: 'user', id: scope.actor.id, role: scope.actor.role },
    outcome: CRITICAL_ACK_OUTCOME,
    payload: { readBack },
  });
  const result = verdict.result as { accepted?: boolean; secondsToAck?: number } | undefined;
  if (!result?.accepted) throw validationFailed([{ pointer: '/body/readBack', detail: 'does not match the critical value(s)' }], 'The read-back does not match.');
  await recordAudit(scope.trx, scope.actor, { action: 'acknowledge', entityType: 'LabResult', entityId: id, patientId: record.patientId, details: { taskId: task.id } });
  return { reportId: id, taskId: task.id, acknowledged: true, secondsToAcknowledge: result.secondsToAck ?? null };
}

/** Matches an unmatched result to a patient and orderer through its reconciliation task. */
export async function reconcileLabResult(
  scope: AccessScope,
  gateway: LabWorkflowGateway,
  id: string,
  decision: { patientId: string; orderingPractitionerId: string; labOrderId?: string },
) {
  await reportFor(scope, id, 'reconcile');
  const problems: { pointer: string; detail: string }[] = [];
  if (!(await scope.trx('patients').where({ id: decision.patientId }).first('id'))) problems.push({ pointer: '/body/patientId', detail: 'refers to a record that does not exist' });
  if (!(await scope.trx('practitioners').where({ id: decision.orderingPractitionerId, active: true }).first('id'))) {
    problems.push({ pointer: '/body/orderingPractitionerId', detail: 'refers to a record that does not exist' });
  }
  if (decision.labOrderId && !(await LabOrder.query(scope.trx).where({ id: decision.labOrderId, patient_id: decision.patientId }).select('id').first())) {
    problems.push({ pointer: '/body/labOrderId', detail: 'is not an order of this patient' });
  }
  if (problems.length > 0) throw validationFailed(problems, 'The reconciliation refers to records that do not fit.');
  const task = await openTask(scope, id, [LAB_TASK_TYPES.reconciliation]);
  if (!task) throw conflict('This result is not waiting for reconciliation.');
  const verdict = await sendTaskUpdate(gateway.temporal, task.workflow_id, completeTaskUpdate, {
    taskId: task.id,
    actor: { type: 'user', id: scope.actor.id, role: scope.actor.role },
    outcome: RECONCILED_OUTCOME,
    payload: { ...decision },
  });
  const result = verdict.result as { accepted?: boolean } | undefined;
  if (!result?.accepted) throw validationFailed([{ pointer: '/body', detail: 'the reconciliation was refused' }]);
  await recordAudit(scope.trx, scope.actor, { action: 'reconcile', entityType: 'LabResult', entityId: id, patientId: decision.patientId, details: { taskId: task.id } });
  return { reportId: id, matchStatus: 'matched' as const };
}

/** Runs a release/hold Update, starting the report's workflow again if it had finished. */
async function updateWithStart<Ret, Arg>(gateway: LabWorkflowGateway, record: LabResultRecord, update: UpdateDefinition<Ret, [Arg]>, arg: Arg): Promise<Ret> {
  const startWorkflowOperation = new WithStartWorkflowOperation(LAB_RESULT_WORKFLOW, {
    workflowId: record.workflowId,
    taskQueue: gateway.taskQueue,
    args: [{ tenantId: record.tenantId, reportId: record.id }],
    workflowIdConflictPolicy: 'USE_EXISTING',
    typedSearchAttributes: caseSearchAttributes({ caseType: LAB_RESULT_CASE_TYPE, entityId: record.id, tenantId: record.tenantId }),
  });
  try {
    return await withUpdateDeadline(gateway.temporal, () => gateway.temporal.workflow.executeUpdateWithStart(update, { args: [arg], startWorkflowOperation }));
  } catch (err) {
    throw decisionError(err);
  }
}

/** A "preventing harm" hold (Cures Act exception): reason and end date; lifted automatically then. */
export async function holdLabResult(scope: AccessScope, gateway: LabWorkflowGateway, id: string, hold: { reason: string; until: string }) {
  const record = await reportFor(scope, id, 'hold');
  const result = await updateWithStart(gateway, record, placeHoldUpdate, { actor: actorRef(scope), reason: hold.reason, until: hold.until });
  await recordAudit(scope.trx, scope.actor, {
    action: 'hold-place',
    entityType: 'LabResult',
    entityId: id,
    patientId: record.patientId,
    details: { until: result.holdUntil, exception: 'preventing-harm' },
  });
  return { reportId: id, release: result.release, holdUntil: result.holdUntil };
}

/** Ends a hold now; the result is released to the patient if it is final. */
export async function releaseLabResult(scope: AccessScope, gateway: LabWorkflowGateway, id: string): Promise<{ reportId: string; release: ReleaseState }> {
  const record = await reportFor(scope, id, 'release');
  const result = await updateWithStart(gateway, record, releaseResultUpdate, { actor: actorRef(scope) });
  await recordAudit(scope.trx, scope.actor, { action: 'release', entityType: 'LabResult', entityId: id, patientId: record.patientId, details: { release: result.release } });
  return { reportId: id, release: result.release };
}
