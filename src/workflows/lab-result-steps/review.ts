import type { AppliedRevision } from '../../activities/lab-results/index.js';
import { startHumanTask } from '../lib/human-task.js';
import { LAB_TASK_TYPES, REVIEWED_OUTCOME } from '../shared/lab-result.js';
import { labActivities as acts } from './activities.js';
import { type LabCase, spawn } from './case-state.js';

/** A newer revision replaces the review of the older one. */
export async function cancelOpenReview(c: LabCase, reason: 'superseded' | 'cancelled'): Promise<void> {
  const task = c.reviewTask;
  if (!task) return;
  c.reviewTask = undefined;
  await task.cancel(reason);
  await acts.recordLabResultEvent({
    tenantId: c.input.tenantId,
    event: { reportId: c.input.reportId, key: `review-cancelled:${task.taskId}`, kind: 'review-task-cancelled', taskId: task.taskId, details: { reason } },
  });
}

/**
 * A review task for the ordering physician (the task inbox routes it to their cover while they are
 * covered), due by class, typed so the inbox shows whether the result is preliminary or corrected.
 */
export async function openReview(c: LabCase, revisionId: string, applied: AppliedRevision): Promise<void> {
  await cancelOpenReview(c, 'superseded');
  const { tenantId, reportId } = c.input;
  const flag = applied.corrected ? 'corrected' : applied.revision === 'preliminary' ? 'preliminary' : null;
  const dueSeconds = c.timings!.reviewDueSeconds[applied.classification];
  const task = await startHumanTask({
    step: `review:${revisionId}`,
    tenantId,
    type: flag === 'corrected' ? LAB_TASK_TYPES.reviewCorrected : flag === 'preliminary' ? LAB_TASK_TYPES.reviewPreliminary : LAB_TASK_TYPES.review,
    category: 'sign-off',
    priority: applied.classification === 'normal' && !applied.corrected ? 'routine' : 'urgent',
    subject: { type: 'lab-result', id: reportId },
    patientId: c.patientId ?? undefined,
    assignee: { practitionerId: c.orderingPractitionerId! },
    dueIn: dueSeconds * 1000,
    options: [REVIEWED_OUTCOME],
  });
  c.reviewTask = task;
  await acts.recordLabResultEvent({
    tenantId,
    event: {
      reportId,
      key: `review-task:${task.taskId}`,
      kind: 'review-task-created',
      revisionId,
      taskId: task.taskId,
      details: { classification: applied.classification, flag, ownerUserId: task.snapshot().ownerUserId },
    },
  });
  spawn(c, async () => {
    const result = await task.result;
    if (result.status === 'completed') {
      await acts.recordLabResultEvent({
        tenantId,
        event: {
          reportId,
          key: `reviewed:${task.taskId}`,
          kind: 'reviewed',
          taskId: task.taskId,
          actor: { type: result.decision.decidedBy.type, id: result.decision.decidedBy.id },
        },
      });
    }
    if (c.reviewTask === task) c.reviewTask = undefined;
  });
}
