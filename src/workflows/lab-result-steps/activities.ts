import { proxyActivities } from '@temporalio/workflow';
import type { LabResultActivities } from '../../activities/lab-results/index.js';
import { LAB_DECISION_FAILURES } from '../shared/lab-result.js';

/**
 * The lab-result activities as the workflow sees them. All are idempotent (keyed by report,
 * revision, notification, level or release), so Temporal may retry them freely.
 */
export const labActivities = proxyActivities<LabResultActivities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '500 milliseconds',
    maximumInterval: '30 seconds',
    nonRetryableErrorTypes: [LAB_DECISION_FAILURES.invalid],
  },
});
