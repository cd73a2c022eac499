import { proxyActivities } from '@temporalio/workflow';
import type { TaskActivities } from '../../activities/tasks.js';

/**
 * The task activities as the workflow sees them. Every one is idempotent (keyed by task, version,
 * event or escalation ID), so retries are safe. A rejected change (invalid target, a row that moved
 * under the workflow) is a typed, non-retryable failure.
 */
export const taskActivities = proxyActivities<TaskActivities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '500 milliseconds',
    maximumInterval: '30 seconds',
    nonRetryableErrorTypes: ['TaskInvalid', 'TaskConflict', 'TaskNotFound'],
  },
});
