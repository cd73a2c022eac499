import { getExternalWorkflowHandle, log, proxyActivities, sleep } from '@temporalio/workflow';
import type { TaskActivities } from '../activities/tasks.js';
import { type TaskCoverageInput, type TaskCoverageResult } from './shared/task-coverage.js';
import { routeTaskToCoverSignal } from './shared/tasks.js';

const { planCoverageRouting } = proxyActivities<TaskActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * When a coverage period starts, moves the covered practitioner's still-open tasks to the cover.
 * Each task's own workflow makes the move (and records it in the task history), so task state
 * keeps a single writer. New tasks are routed at creation while the period runs.
 */
export async function taskCoverageWorkflow(input: TaskCoverageInput): Promise<TaskCoverageResult> {
  let plan = await planCoverageRouting(input);
  if (!plan.active && plan.startsInMs > 0) {
    await sleep(plan.startsInMs);
    plan = await planCoverageRouting(input);
  }
  if (!plan.active || !plan.coverUserId) return { coverageId: input.coverageId, signalled: 0 };
  let signalled = 0;
  for (const task of plan.tasks) {
    try {
      await getExternalWorkflowHandle(task.workflowId).signal(routeTaskToCoverSignal, {
        taskId: task.taskId,
        coverageId: input.coverageId,
        fromUserId: task.fromUserId,
        toUserId: plan.coverUserId,
      });
      signalled += 1;
    } catch (err) {
      // The task's workflow finished meanwhile: nothing left to move.
      log.warn('coverage: task workflow not reachable', { taskId: task.taskId, errorType: (err as Error)?.name });
    }
  }
  return { coverageId: input.coverageId, signalled };
}
