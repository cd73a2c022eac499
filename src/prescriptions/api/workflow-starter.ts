import { type Client } from '@temporalio/client';
import { type Knex } from 'knex';
import { withTenant } from '../../db/tenant-scope.js';
import { serviceUnavailable } from '../../errors/app-error.js';
import { caseSearchAttributes } from '../../temporal/workflow-start.js';
import {
  PRESCRIPTION_WORKFLOW,
  type PrescriptionState,
  type PrescriptionWorkflowInput,
  prescriptionReadyUpdate,
  prescriptionStateQuery,
  prescriptionWorkflowId,
} from '../../workflows/shared/prescription.js';
import { updatePrescription } from '../requests/prescription-repository.js';

/**
 * Starts a request's workflow after its row committed. If the start fails the row is closed as
 * cancelled (the compensation), so no request waits for a workflow that never ran.
 */
export async function startPrescriptionWorkflow(deps: { db: Knex; temporal: Client; taskQueue: string }, input: PrescriptionWorkflowInput): Promise<void> {
  try {
    await deps.temporal.workflow.start(PRESCRIPTION_WORKFLOW, {
      taskQueue: deps.taskQueue,
      workflowId: prescriptionWorkflowId(input.prescriptionId),
      args: [input],
      typedSearchAttributes: caseSearchAttributes({ caseType: 'prescription', entityId: input.prescriptionId, tenantId: input.tenantId }),
    });
  } catch (err) {
    await withTenant(deps.db, input.tenantId, (trx) =>
      updatePrescription(trx, input.prescriptionId, { status: 'cancelled', decision: { outcome: 'cancelled', reason: 'workflow-not-started' } }),
    );
    throw err instanceof Error && err.name === 'WorkflowExecutionAlreadyStartedError' ? err : serviceUnavailable('The request could not be started; retry it.');
  }
}

/**
 * Waits (bounded) until the request has been screened and routed, so a create call can answer with
 * its findings and routing. Undefined when it is not ready in time (the request still proceeds).
 */
export async function awaitRouting(temporal: Client, prescriptionId: string, timeoutMs = 10_000): Promise<PrescriptionState | undefined> {
  const handle = temporal.workflow.getHandle(prescriptionWorkflowId(prescriptionId));
  try {
    return await temporal.withDeadline(Date.now() + timeoutMs, () => handle.executeUpdate(prescriptionReadyUpdate));
  } catch {
    return undefined;
  }
}

/**
 * The workflow's state (stage, open task). Undefined when the workflow is gone or does not answer in
 * time (a query needs a worker): the state is a view on the workflow, never a reason to fail a read.
 */
export async function workflowState(temporal: Client, prescriptionId: string, timeoutMs = 5_000): Promise<PrescriptionState | undefined> {
  try {
    return await temporal.withDeadline(Date.now() + timeoutMs, () => temporal.workflow.getHandle(prescriptionWorkflowId(prescriptionId)).query(prescriptionStateQuery));
  } catch {
    return undefined;
  }
}
