import { DECIDER_ROLES, TASK_CATEGORIES, TASK_ROLES, type TaskRole } from '../../workflows/shared/tasks.js';
import { type RuleSet } from '../ability.js';
import { type Actor } from '../actor.js';

declare module '../subjects.js' {
  interface SubjectTypes {
    /**
     * A task in the clinical inbox. Conditions use `ownerUserId`, `assigneeUserId` (the claimer, or
     * else the owner), `claimedByUserId`, `poolId`, `category` and `status`.
     */
    Task: true;
    /** Queue figures for managers: counts and durations, no task content. */
    TaskStats: true;
  }
  interface ActionTypes {
    claim: true;
    release: true;
    reassign: true;
    complete: true;
    /** Put on hold and resume (the SLA clock stops meanwhile). */
    hold: true;
  }
}

/** Ops see where a task is and how its workflow stands, never what it is about or what was decided. */
export const TASK_OPERATIONAL_FIELDS = [
  'id',
  'tenantId',
  'type',
  'category',
  'priority',
  'status',
  'ownerUserId',
  'poolId',
  'claimedByUserId',
  'assigneeUserId',
  'dueAt',
  'onHold',
  'escalationLevel',
  'remindedAt',
  'workflowId',
  'version',
  'createdAt',
  'updatedAt',
  'completedAt',
];

/** The pools a user works, loaded per request by the task module (department membership is data, not role). */
export interface TaskScope {
  poolIds: readonly string[];
}

const scopes = new WeakMap<Actor, TaskScope>();

/** A copy of the actor whose abilities (via `buildAbility`) also cover the given task pools. */
export function withTaskScope(actor: Actor, scope: TaskScope): Actor {
  const scoped = { ...actor };
  scopes.set(scoped, scope);
  return scoped;
}

const isTaskRole = (role: string): role is TaskRole => (TASK_ROLES as readonly string[]).includes(role);

/** The categories a role may decide: a physician sign-off is never a nurse's to complete. */
export const decidableCategories = (role: TaskRole) => TASK_CATEGORIES.filter((c) => (DECIDER_ROLES[c] as readonly string[]).includes(role));

/**
 * Clinical inbox: everyone who works tasks sees and acts on their own tasks and their pools'
 * (their role's pools in their departments, and their role's tenant-wide pool); they complete only
 * the categories their role decides. Administrators see everything in the tenant; ops see
 * operational fields and queue figures only.
 */
export const taskRules: RuleSet = (can, cannot, actor) => {
  if (actor.role === 'ops') {
    can('read', 'Task', TASK_OPERATIONAL_FIELDS);
    can('read', 'TaskStats');
    return;
  }
  if (actor.type !== 'user' || !isTaskRole(actor.role)) return;
  const poolIds = [...(scopes.get(actor)?.poolIds ?? [])];
  const decidable = decidableCategories(actor.role);
  const theirs: Record<string, unknown>[] = [{ assigneeUserId: actor.id }, { ownerUserId: actor.id }];
  if (poolIds.length > 0) theirs.push({ poolId: { $in: poolIds } });

  can('create', 'Task');
  for (const condition of theirs) {
    can(['read', 'reassign', 'hold'], 'Task', condition);
    can('complete', 'Task', { ...condition, category: { $in: decidable } });
  }
  can('claim', 'Task', { ownerUserId: actor.id, status: 'open' });
  if (poolIds.length > 0) can('claim', 'Task', { poolId: { $in: poolIds }, status: 'open' });
  can('release', 'Task', { claimedByUserId: actor.id });

  if (actor.role === 'admin') {
    can(['read', 'reassign', 'hold', 'release'], 'Task');
    can('complete', 'Task', { category: { $in: decidable } });
    can('read', 'TaskStats');
  }
  // Closed tasks are history: nobody changes them.
  cannot(['claim', 'release', 'reassign', 'complete', 'hold'], 'Task', { status: { $in: ['completed', 'cancelled', 'expired'] } });
};
