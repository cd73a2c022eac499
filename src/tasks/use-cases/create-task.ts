import { randomUUID } from 'node:crypto';
import { type Client, WithStartWorkflowOperation, WorkflowUpdateRPCTimeoutOrCancelledError, isGrpcDeadlineError } from '@temporalio/client';
import { type Knex } from 'knex';
import { assertCan } from '../../authz/assert-can.js';
import { type Actor } from '../../authz/actor.js';
import { recordAudit } from '../../audit/record-audit.js';
import { type Config } from '../../config/config.js';
import { withTenant } from '../../db/tenant-scope.js';
import { validationFailed } from '../../errors/app-error.js';
import { caseSearchAttributes } from '../../temporal/workflow-start.js';
import { AD_HOC_TASK_WORKFLOW, type AdHocTaskInput, adHocTaskWorkflowId } from '../../workflows/shared/ad-hoc-task.js';
import { type TaskAssignee, taskReadyUpdate, type TaskSnapshot } from '../../workflows/shared/tasks.js';
import { type CreateTaskInput } from '../api/schemas.js';
import { findPool, getOrCreatePool } from '../pools.js';
import { activeUser } from '../routing/people.js';
import { TaskDetail } from '../store/task-model.js';
import { type TaskAccess, taskActorRef, withTaskAccess } from '../task-access.js';
import { taskUpdateError, withUpdateDeadline } from '../workflow-gateway.js';

export interface CreateTaskDeps {
  db: Knex;
  temporal: Client;
  config: Config;
}

type Problem = { pointer: string; detail: string };

const isTimeout = (err: unknown) => err instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isGrpcDeadlineError(err);

async function exists(trx: Knex.Transaction, table: string, id: string): Promise<boolean> {
  return (await trx(table).where({ id }).first('id')) !== undefined;
}

/** Every reference is looked up in the caller's tenant (foreign keys ignore row-level security). */
async function resolveAssignee(access: TaskAccess, body: CreateTaskInput, problems: Problem[]): Promise<TaskAssignee | undefined> {
  const { trx, actor } = access;
  const a = body.assignee;
  if ('userId' in a) {
    if (!(await activeUser(trx, a.userId))) problems.push({ pointer: '/body/assignee/userId', detail: 'no such active user' });
    return a;
  }
  if ('poolId' in a) {
    if (!(await findPool(trx, a.poolId))) problems.push({ pointer: '/body/assignee/poolId', detail: 'no such pool' });
    return a;
  }
  if (a.pool.departmentId && !(await exists(trx, 'departments', a.pool.departmentId))) {
    problems.push({ pointer: '/body/assignee/pool/departmentId', detail: 'no such department' });
    return undefined;
  }
  return { poolId: (await getOrCreatePool(trx, actor.tenantId, a.pool.departmentId ?? null, a.pool.role)).id };
}

async function checkReferences(access: TaskAccess, body: CreateTaskInput, problems: Problem[]): Promise<void> {
  if (body.patientId && !(await exists(access.trx, 'patients', body.patientId))) problems.push({ pointer: '/body/patientId', detail: 'no such patient' });
  for (const [level, { to }] of (body.escalations ?? []).entries()) {
    for (const [index, target] of to.entries()) {
      const pointer = `/body/escalations/${level}/to/${index}`;
      if (target.kind === 'user' && !(await activeUser(access.trx, target.userId))) problems.push({ pointer, detail: 'no such active user' });
      if (target.kind === 'pool' && !(await findPool(access.trx, target.poolId))) problems.push({ pointer, detail: 'no such pool' });
      if ((target.kind === 'on-call' || target.kind === 'department-lead') && target.departmentId && !(await exists(access.trx, 'departments', target.departmentId))) {
        problems.push({ pointer, detail: 'no such department' });
      }
    }
  }
}

function dueInSeconds(body: CreateTaskInput): number | undefined {
  if (body.dueInSeconds) return body.dueInSeconds;
  if (!body.dueAt) return undefined;
  const seconds = Math.round((Date.parse(body.dueAt) - Date.now()) / 1000);
  if (seconds < 1) throw validationFailed([{ pointer: '/body/dueAt', detail: 'must be in the future' }]);
  return seconds;
}

/**
 * Staff create a standalone task: its text goes to `task_details`, then its workflow starts with
 * IDs only (update-with-start), and the call returns once the task exists in its queue.
 */
export async function createAdHocTask({ db, temporal, config }: CreateTaskDeps, body: CreateTaskInput): Promise<TaskSnapshot> {
  const taskId = randomUUID();
  const { input, actor } = await withTaskAccess(db, async (access): Promise<{ input: AdHocTaskInput; actor: Actor }> => {
    assertCan(access.ability, 'create', 'Task', { tenantId: access.actor.tenantId, category: body.category });
    const problems: Problem[] = [];
    const assignee = await resolveAssignee(access, body, problems);
    await checkReferences(access, body, problems);
    if (problems.length > 0 || !assignee) throw validationFailed(problems, 'The request refers to records that do not exist.');
    await TaskDetail.query(access.trx).insert({
      taskId,
      tenantId: access.actor.tenantId,
      title: body.title,
      instructions: body.instructions ?? null,
      form: body.form ?? null,
    });
    const input: AdHocTaskInput = {
      tenantId: access.actor.tenantId,
      taskId,
      createdBy: taskActorRef(access.actor),
      type: body.type,
      category: body.category,
      priority: body.priority,
      subject: body.subject,
      patientId: body.patientId,
      assignee,
      dueInSeconds: dueInSeconds(body),
      remindAfterSeconds: body.reminder?.afterSeconds,
      escalations: body.escalations,
      expireAfterSeconds: body.expireAfterSeconds,
      options: body.options,
    };
    return { input, actor: access.actor };
  });
  let snapshot: TaskSnapshot;
  try {
    const start = new WithStartWorkflowOperation(AD_HOC_TASK_WORKFLOW, {
      workflowId: adHocTaskWorkflowId(taskId),
      taskQueue: config.temporal.taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'FAIL',
      typedSearchAttributes: caseSearchAttributes({ caseType: 'task', entityId: taskId, tenantId: input.tenantId }),
    });
    snapshot = await withUpdateDeadline(temporal, () =>
      temporal.workflow.executeUpdateWithStart(taskReadyUpdate, { args: [{ taskId }], startWorkflowOperation: start }),
    );
  } catch (err) {
    // The workflow never started (or refused the task): its text must not linger. After a timeout
    // the workflow may be running, so the text stays.
    if (!isTimeout(err)) await withTenant(db, input.tenantId, (trx) => TaskDetail.query(trx).deleteById(taskId).execute()).catch(() => undefined);
    throw taskUpdateError(err);
  }
  await recordAudit(db, actor, { action: 'create', entityType: 'Task', entityId: taskId, patientId: body.patientId ?? null });
  return snapshot;
}
