import { type Client } from '@temporalio/client';
import { type Knex } from 'knex';
import { assertCan, notVisible } from '../../authz/assert-can.js';
import { withRequestTenant } from '../../authz/request-scope.js';
import { recordAudit } from '../../audit/record-audit.js';
import { type Config } from '../../config/config.js';
import { caseSearchAttributes } from '../../temporal/workflow-start.js';
import { TASK_COVERAGE_WORKFLOW, type TaskCoverageInput, taskCoverageWorkflowId } from '../../workflows/shared/task-coverage.js';

/**
 * Starts (or restarts, after the period changed) the workflow that moves a covered practitioner's
 * still-open tasks to their cover when the period begins. Whoever arranges coverage calls this
 * after creating or changing it.
 */
export async function startCoverageRouting(temporal: Client, config: Config, input: TaskCoverageInput): Promise<string> {
  const handle = await temporal.workflow.start(TASK_COVERAGE_WORKFLOW, {
    workflowId: taskCoverageWorkflowId(input.coverageId),
    taskQueue: config.temporal.taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'TERMINATE_EXISTING',
    typedSearchAttributes: caseSearchAttributes({ caseType: 'task-coverage', entityId: input.coverageId, tenantId: input.tenantId }),
  });
  return handle.workflowId;
}

/** The API entry: only someone who may change the coverage period may (re)apply it to tasks. */
export async function applyCoverageToTasks(deps: { db: Knex; temporal: Client; config: Config }, coverageId: string) {
  const { actor } = await withRequestTenant(deps.db, async (scope) => {
    const coverage = await scope.trx('coverage').where({ id: coverageId }).first<{ practitioner_id: string } | undefined>('practitioner_id');
    if (!coverage) throw notVisible('update', 'Coverage', coverageId);
    assertCan(scope.ability, 'update', 'Coverage', { id: coverageId, tenantId: scope.actor.tenantId, practitionerId: coverage.practitioner_id });
    return scope;
  });
  const workflowId = await startCoverageRouting(deps.temporal, deps.config, { tenantId: actor.tenantId, coverageId });
  await recordAudit(deps.db, actor, { action: 'update', entityType: 'Coverage', entityId: coverageId, details: { appliedToTasks: true } });
  return { coverageId, workflowId };
}
