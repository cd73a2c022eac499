import { condition, uuid4 } from '@temporalio/workflow';
import type { CriticalPlan } from '../../activities/lab-results/index.js';
import { type HumanTask, startHumanTask, type TaskDecision } from '../lib/human-task.js';
import { CRITICAL_ACK_OUTCOME, LAB_TASK_TYPES } from '../shared/lab-result.js';
import { type TaskAssignee } from '../shared/tasks.js';
import { labActivities as acts } from './activities.js';
import { type LabCase, spawn } from './case-state.js';

export interface CriticalRevision {
  revisionId: string;
  criticalKey: string;
  corrected: boolean;
}

/** Alerts run beside the chain: a slow or failing send never holds up an escalation. */
function alert(c: LabCase, notificationId: string, level: number, userId: string): void {
  spawn(c, () => acts.alertLabClinician({ tenantId: c.input.tenantId, reportId: c.input.reportId, notificationId, level, userId }));
}

/** Watches the task's escalation level and records each level reached (timeline, metrics, alerts). */
async function followEscalations(c: LabCase, plan: CriticalPlan, task: HumanTask, levels: CriticalPlan['levels'], isSettled: () => boolean): Promise<number> {
  let seen = 0;
  let owner = task.snapshot().ownerUserId;
  for (;;) {
    await condition(() => isSettled() || task.snapshot().escalationLevel > seen);
    const snapshot = task.snapshot();
    while (snapshot.escalationLevel > seen) {
      seen += 1;
      const level = levels[seen - 1];
      const reached = seen === snapshot.escalationLevel;
      const resolved = reached && snapshot.ownerUserId !== owner;
      c.critical!.level = level?.level ?? c.critical!.level;
      await acts.labCriticalEscalated({
        tenantId: c.input.tenantId,
        reportId: c.input.reportId,
        notificationId: plan.notificationId,
        taskId: task.taskId,
        level: level?.level ?? seen,
        role: level?.role ?? null,
        ownerUserId: reached ? snapshot.ownerUserId : null,
        resolved,
        lastLevel: level !== undefined && level.level === plan.levels[plan.levels.length - 1]?.level,
      });
      if (resolved && snapshot.ownerUserId) {
        owner = snapshot.ownerUserId;
        alert(c, plan.notificationId, level?.level ?? seen, snapshot.ownerUserId);
      }
    }
    if (isSettled()) return seen;
  }
}

/**
 * The critical-result path: an urgent acknowledgement task for the ordering physician (or their
 * cover) with an SMS and e-mail alert carrying no value, escalating along the chain (covering
 * physician, department on-call, department lead) each after its own step, until a clinician
 * acknowledges with a correct read-back. A read-back that does not match is refused and the task is
 * issued again to whoever held it, with the rest of the chain still to come.
 */
export function startCriticalPath(c: LabCase, revision: CriticalRevision): void {
  // Set before the first await, so a revision processed meanwhile sees the path as pending.
  const notificationId = uuid4();
  c.critical = { notificationId, acknowledged: false, level: 0 };
  spawn(c, async () => {
    const { tenantId, reportId } = c.input;
    const ref = { tenantId, reportId };
    const plan = await acts.openLabCriticalNotification({ ...ref, notificationId, ...revision });
    const deadlineMs = Math.max(0, Date.parse(plan.deadlineAt) - Date.now());
    spawn(c, async () => {
      if (await condition(() => c.critical?.notificationId !== plan.notificationId || c.critical.acknowledged, deadlineMs)) return;
      await acts.labCriticalDeadlineMissed({ ...ref, notificationId: plan.notificationId });
    });

    let assignee: TaskAssignee = { practitionerId: plan.orderingPractitionerId };
    let reached = 0;
    for (let attempt = 1; ; attempt += 1) {
      const base = plan.levels.find((l) => l.level === reached)?.afterSeconds ?? 0;
      const remaining = plan.levels.filter((l) => l.level > reached);
      const onDecision = (decision: TaskDecision) =>
        acts.recordLabCriticalAcknowledgement({
          ...ref,
          notificationId: plan.notificationId,
          taskId: decision.taskId,
          decidedBy: decision.decidedBy,
          readBack: typeof decision.payload?.readBack === 'string' ? decision.payload.readBack : '',
        });
      const task = await startHumanTask({
        step: `critical:${plan.notificationId}:${attempt}`,
        tenantId,
        type: revision.corrected ? LAB_TASK_TYPES.criticalAckCorrected : LAB_TASK_TYPES.criticalAck,
        category: 'sign-off',
        priority: 'stat',
        subject: { type: 'lab-result', id: reportId },
        patientId: plan.patientId ?? undefined,
        assignee,
        dueIn: Math.max(1000, deadlineMs),
        escalations: remaining.map((l) => ({ after: (l.afterSeconds - base) * 1000, to: l.to })),
        options: [CRITICAL_ACK_OUTCOME],
        onDecision,
      });
      const firstOwner = task.snapshot().ownerUserId;
      // The alert goes out first: the timeline entry can wait, the clinician should not.
      if (firstOwner) alert(c, plan.notificationId, reached, firstOwner);
      await acts.labCriticalTaskOpened({ ...ref, notificationId: plan.notificationId, taskId: task.taskId, ownerUserId: firstOwner });
      let settled = false;
      void task.result.then(
        () => (settled = true),
        () => (settled = true),
      );
      const levelsSeen = await followEscalations(c, plan, task, remaining, () => settled);
      reached = remaining[levelsSeen - 1]?.level ?? reached;
      const result = await task.result;
      if (result.status !== 'completed') return;
      const verdict = result.verdict.result as { accepted?: boolean } | undefined;
      if (verdict?.accepted) {
        c.critical!.acknowledged = true;
        c.ackedCriticalKey = revision.criticalKey;
        return;
      }
      const holder = task.snapshot().ownerUserId ?? result.decision.decidedBy.id;
      assignee = { userId: holder };
    }
  });
}
