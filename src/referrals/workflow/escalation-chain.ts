import { type EscalationTarget, type TaskPriority } from '../../workflows/shared/tasks.js';
import { type Urgency } from '../../workflows/shared/referral.js';

export interface EscalationContext {
  /** The department responsible for the stage (the receiving one for triage and report, the referring one for the referrer's tasks). */
  departmentId: string | null;
  /** The task sits in one practitioner's queue (their cover can take it), not in a pool. */
  assignedToPractitioner: boolean;
}

export type EscalationLevel = { after: number; to: EscalationTarget[] };

/**
 * The escalation chain of an overdue stage, on the task's active time (holds excluded): level 1 when
 * the SLA is missed, to the practitioner's cover or the department's on-call; level 2 when it is
 * missed twice over, to the department lead. Each level fires at most once (its stable ID is
 * `<taskId>:L<level>` in the inbox). A level without any possible target is left out.
 */
export function escalationChain(slaMs: number | null, context: EscalationContext): EscalationLevel[] {
  if (slaMs === null || slaMs <= 0) return [];
  const first: EscalationTarget[] = [];
  if (context.assignedToPractitioner) first.push({ kind: 'covering-practitioner' });
  if (context.departmentId) first.push({ kind: 'on-call', departmentId: context.departmentId });
  const levels: EscalationLevel[] = [];
  if (first.length > 0) levels.push({ after: slaMs, to: first });
  if (context.departmentId) levels.push({ after: 2 * slaMs, to: [{ kind: 'department-lead', departmentId: context.departmentId }] });
  return levels;
}

const PRIORITY: Record<Urgency, TaskPriority> = { routine: 'routine', urgent: 'urgent', emergent: 'stat' };

/** The inbox priority of a referral's tasks. */
export const taskPriority = (urgency: Urgency): TaskPriority => PRIORITY[urgency];
