import { ApplicationFailure } from '@temporalio/common';
import { withTenant } from '../../db/tenant-scope.js';
import { criticalResultAckSeconds, criticalResultsTotal, escalationFinalLevelTotal, escalationsTotal } from '../../observability/metrics.js';
import { LabReport } from '../../lab-results/results/lab-report-model.js';
import { addRecipient } from '../../lab-results/routing/case-state.js';
import { type ChainRole, type CriticalChainLevel, planCriticalChain } from '../../lab-results/routing/critical-plan.js';
import {
  acknowledgeNotification,
  criticalValues,
  markEscalated,
  openCriticalNotification,
} from '../../lab-results/routing/critical-notifications.js';
import { LabResultEvent } from '../../lab-results/routing/lab-result-event-model.js';
import { readBackMatches } from '../../lab-results/routing/read-back.js';
import { recordLabEvent } from '../../lab-results/routing/timeline.js';
import { loadLabPolicy } from '../../lab-results/settings/lab-settings.js';
import { LAB_DECISION_FAILURES } from '../../workflows/shared/lab-result.js';
import { type TaskActorRef } from '../../workflows/shared/tasks.js';
import { DEFAULT_CRITICAL_ACK_DEADLINE_SECONDS, type LabResultActivityDeps } from './deps.js';

export interface CriticalPlan {
  notificationId: string;
  identifiedAt: string;
  deadlineAt: string;
  orderingPractitionerId: string;
  patientId: string | null;
  departmentId: string | null;
  levels: CriticalChainLevel[];
}

interface NotificationRef {
  tenantId: string;
  reportId: string;
  notificationId: string;
}

async function practitionerOfUser(db: LabResultActivityDeps['db'], tenantId: string, userId: string): Promise<string | null> {
  return withTenant(db, tenantId, async (trx) => {
    const row = await trx('users').where({ id: userId }).first<{ practitioner_id: string | null } | undefined>('practitioner_id');
    return row?.practitioner_id ?? null;
  });
}

/**
 * The critical-result path: identify (and time) the critical result, alert whoever holds the
 * acknowledgement task by SMS and e-mail without any value, record every escalation, and accept an
 * acknowledgement only with a correct read-back. Every step is idempotent per notification/level.
 */
export function createLabCriticalActivities(deps: LabResultActivityDeps) {
  const { db } = deps;
  const defaultDeadline = deps.labCriticalAckDeadlineSeconds ?? DEFAULT_CRITICAL_ACK_DEADLINE_SECONDS;

  return {
    async openLabCriticalNotification(
      input: NotificationRef & { revisionId: string; criticalKey: string; corrected: boolean },
    ): Promise<CriticalPlan> {
      const plan = await withTenant(db, input.tenantId, async (trx) => {
        const policy = await loadLabPolicy(trx, defaultDeadline);
        const report = (await LabReport.query(trx).findById(input.reportId).select('ordering_practitioner_id', 'patient_id'))!;
        if (!report.orderingPractitionerId) {
          throw ApplicationFailure.create({ type: LAB_DECISION_FAILURES.invalid, message: 'report-not-matched', nonRetryable: true });
        }
        const notification = await openCriticalNotification(trx, input.tenantId, {
          id: input.notificationId,
          reportId: input.reportId,
          revisionId: input.revisionId,
          criticalKey: input.criticalKey,
          corrected: input.corrected,
          deadlineSeconds: policy.criticalAckDeadlineSeconds,
        });
        const chain = await planCriticalChain(trx, report.orderingPractitionerId, policy.escalationStepSeconds, policy.criticalAckDeadlineSeconds);
        await recordLabEvent(trx, input.tenantId, {
          reportId: input.reportId,
          key: `critical-identified:${notification.id}`,
          kind: 'critical-identified',
          revisionId: input.revisionId,
          details: { notificationId: notification.id, deadlineAt: notification.deadlineAt, corrected: input.corrected, chain: chain.levels.map((l) => l.role) },
        });
        return {
          notificationId: notification.id,
          identifiedAt: notification.identifiedAt,
          deadlineAt: notification.deadlineAt,
          orderingPractitionerId: report.orderingPractitionerId,
          patientId: report.patientId,
          departmentId: chain.departmentId,
          levels: chain.levels,
        };
      });
      criticalResultsTotal.inc({ tenant: input.tenantId });
      return plan;
    },

    async labCriticalTaskOpened(input: NotificationRef & { taskId: string; ownerUserId: string | null }): Promise<void> {
      await withTenant(db, input.tenantId, async (trx) => {
        await recordLabEvent(trx, input.tenantId, {
          reportId: input.reportId,
          key: `critical-task:${input.taskId}`,
          kind: 'critical-task-created',
          level: 0,
          taskId: input.taskId,
          details: { notificationId: input.notificationId, ownerUserId: input.ownerUserId },
        });
      });
    },

    async labCriticalEscalated(
      input: NotificationRef & { taskId: string; level: number; role: ChainRole | null; ownerUserId: string | null; resolved: boolean; lastLevel: boolean },
    ): Promise<void> {
      const practitionerId = input.resolved && input.ownerUserId ? await practitionerOfUser(db, input.tenantId, input.ownerUserId) : null;
      const first = await withTenant(db, input.tenantId, async (trx) => {
        const before = await LabResultEvent.query(trx)
          .where({ report_id: input.reportId, event_key: `escalated:${input.notificationId}:L${input.level}` })
          .select('id')
          .first();
        await markEscalated(trx, { id: input.notificationId, reportId: input.reportId }, input.level);
        await recordLabEvent(trx, input.tenantId, {
          reportId: input.reportId,
          key: `escalated:${input.notificationId}:L${input.level}`,
          kind: 'escalated',
          level: input.level,
          taskId: input.taskId,
          practitionerId,
          details: { notificationId: input.notificationId, role: input.role, resolved: input.resolved, ownerUserId: input.ownerUserId },
        });
        if (practitionerId) await addRecipient(trx, input.tenantId, input.reportId, practitionerId, input.role ?? 'escalation');
        return before === undefined;
      });
      // Metrics count an escalation once, however often the activity is retried.
      if (first) {
        escalationsTotal.inc({ tenant: input.tenantId, workflow: 'lab-result', level: String(input.level) });
        if (input.lastLevel) escalationFinalLevelTotal.inc({ tenant: input.tenantId, workflow: 'lab-result' });
      }
    },

    /**
     * The clinician's acknowledgement, from the task decision. It counts only with a read-back
     * naming every critical value; otherwise nothing is recorded but the refusal.
     */
    async recordLabCriticalAcknowledgement(
      input: NotificationRef & { taskId: string; decidedBy: TaskActorRef; readBack: string },
    ): Promise<{ accepted: boolean; secondsToAck?: number }> {
      const practitionerId = await practitionerOfUser(db, input.tenantId, input.decidedBy.id);
      const outcome = await withTenant(db, input.tenantId, async (trx) => {
        if (!readBackMatches(input.readBack, await criticalValues(trx, input.notificationId))) {
          await recordLabEvent(trx, input.tenantId, {
            reportId: input.reportId,
            key: `read-back-mismatch:${input.taskId}`,
            kind: 'acknowledged',
            taskId: input.taskId,
            practitionerId,
            actor: { type: input.decidedBy.type, id: input.decidedBy.id },
            details: { notificationId: input.notificationId, accepted: false, reason: 'read-back-mismatch' },
          });
          return { accepted: false };
        }
        const notification = await acknowledgeNotification(trx, input.notificationId, { userId: input.decidedBy.id, practitionerId, readBack: input.readBack });
        await recordLabEvent(trx, input.tenantId, {
          reportId: input.reportId,
          key: `acknowledged:${input.notificationId}`,
          kind: 'acknowledged',
          taskId: input.taskId,
          practitionerId,
          actor: { type: input.decidedBy.type, id: input.decidedBy.id },
          details: { notificationId: input.notificationId, accepted: true, secondsToAck: notification.secondsToAck, readBack: 'matched' },
        });
        return { accepted: true, secondsToAck: notification.secondsToAck ?? undefined };
      });
      if (outcome.accepted && outcome.secondsToAck !== undefined) criticalResultAckSeconds.observe({ tenant: input.tenantId }, outcome.secondsToAck);
      return outcome;
    },

    async labCriticalDeadlineMissed(input: NotificationRef): Promise<void> {
      await withTenant(db, input.tenantId, (trx) =>
        recordLabEvent(trx, input.tenantId, {
          reportId: input.reportId,
          key: `deadline-missed:${input.notificationId}`,
          kind: 'deadline-missed',
          details: { notificationId: input.notificationId },
        }),
      );
    },
  };
}
