import type { ReconciliationDecision } from '../../activities/lab-results/index.js';
import { startHumanTask, type TaskDecision } from '../lib/human-task.js';
import { LAB_TASK_TYPES, RECONCILED_OUTCOME } from '../shared/lab-result.js';
import { labActivities as acts } from './activities.js';
import { type LabCase } from './case-state.js';

function decisionOf(decision: TaskDecision): ReconciliationDecision | undefined {
  const { patientId, orderingPractitionerId, labOrderId } = decision.payload ?? {};
  if (typeof patientId !== 'string' || typeof orderingPractitionerId !== 'string') return undefined;
  return { patientId, orderingPractitionerId, ...(typeof labOrderId === 'string' ? { labOrderId } : {}) };
}

/**
 * An unmatched or ambiguous result waits in the result-reconciliation queue (a task for the
 * tenant's nurse pool) until a person says whose it is. A decision naming records that do not fit
 * is refused and the task is issued again: the result is never guessed onto a patient.
 */
export async function awaitReconciliation(c: LabCase, revisionId: string, reason: string): Promise<void> {
  const { tenantId, reportId } = c.input;
  const poolId = await acts.labReconciliationPool({ tenantId });
  for (let attempt = 1; ; attempt += 1) {
    let applied: ReconciliationDecision | undefined;
    const task = await startHumanTask({
      step: `reconcile:${revisionId}:${attempt}`,
      tenantId,
      type: LAB_TASK_TYPES.reconciliation,
      category: 'preparation',
      priority: 'urgent',
      subject: { type: 'lab-result', id: reportId },
      assignee: { poolId },
      dueIn: c.timings!.reconciliationDueSeconds * 1000,
      options: [RECONCILED_OUTCOME],
      onDecision: async (decision) => {
        const proposed = decisionOf(decision);
        if (!proposed) return { accepted: false, reason: 'invalid-decision' };
        const outcome = await acts.applyLabReconciliation({ tenantId, reportId, decision: proposed, decidedBy: decision.decidedBy });
        if (outcome.accepted) applied = proposed;
        return outcome;
      },
    });
    await acts.recordLabResultEvent({
      tenantId,
      event: { reportId, key: `reconciliation-task:${task.taskId}`, kind: 'reconciliation-task-created', revisionId, taskId: task.taskId, details: { reason, attempt } },
    });
    const result = await task.result;
    if (result.status === 'completed' && applied) {
      c.matchStatus = 'matched';
      c.patientId = applied.patientId;
      c.orderingPractitionerId = applied.orderingPractitionerId;
      return;
    }
  }
}
