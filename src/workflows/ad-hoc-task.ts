import { allHandlersFinished, condition, isCancellation } from '@temporalio/workflow';
import { humanTask, type HumanTaskResult } from './lib/human-task.js';
import { type AdHocTaskInput, type AdHocTaskResult } from './shared/ad-hoc-task.js';

const seconds = (value: number | undefined) => (value === undefined ? undefined : value * 1000);

/**
 * A standalone task created by staff: one human task with the reminder and escalation chain they
 * chose. Cancelling this workflow (the case ending another way) cancels the task.
 */
export async function adHocTaskWorkflow(input: AdHocTaskInput): Promise<AdHocTaskResult> {
  let result: HumanTaskResult;
  try {
    result = await run(input);
  } catch (err) {
    // A task that could not be created: let the creator's waiting update hear why before failing.
    if (!isCancellation(err)) await condition(allHandlersFinished);
    throw err;
  }
  // Let the decision's update return its verdict before the workflow completes.
  await condition(allHandlersFinished);
  if (result.status === 'completed') {
    return { taskId: input.taskId, status: 'completed', outcome: result.decision.outcome, decidedBy: result.decision.decidedBy.id };
  }
  return { taskId: input.taskId, status: result.status };
}

function run(input: AdHocTaskInput): Promise<HumanTaskResult> {
  return humanTask({
    step: 'ad-hoc',
    tenantId: input.tenantId,
    taskId: input.taskId,
    type: input.type,
    category: input.category,
    priority: input.priority,
    subject: input.subject ?? { type: 'task', id: input.taskId },
    patientId: input.patientId,
    assignee: input.assignee,
    dueIn: seconds(input.dueInSeconds),
    remindAfter: seconds(input.remindAfterSeconds),
    escalations: input.escalations?.map((level) => ({ after: level.afterSeconds * 1000, to: level.to })),
    expireAfter: seconds(input.expireAfterSeconds),
    options: input.options,
    createdBy: input.createdBy,
  });
}
