import { type Client } from '@temporalio/client';
import { type Knex } from 'knex';
import { fn } from 'objection';
import { withTenant } from '../../db/tenant-scope.js';
import { caseSearchAttributes } from '../../temporal/workflow-start.js';
import {
  LAB_RESULT_CASE_TYPE,
  LAB_RESULT_WORKFLOW,
  type LabResultWorkflowInput,
  labResultWorkflowId,
  revisionReceivedSignal,
} from '../../workflows/shared/lab-result.js';
import { LabReportRevision } from '../results/lab-report-model.js';
import { type StoredRevision } from './store-reports.js';

export interface DispatchDeps {
  db: Knex;
  temporal: Client;
  taskQueue: string;
}

/**
 * Tells the report's workflow about a stored revision, starting the workflow if it is not running
 * (IDs only). Safe to repeat: the workflow ignores a revision it has already seen, so a crash
 * between the signal and the `dispatched_at` mark costs a duplicate signal, never a lost one.
 */
export async function dispatchRevisions(deps: DispatchDeps, tenantId: string, revisions: StoredRevision[]): Promise<void> {
  for (const { reportId, revisionId } of revisions) {
    const input: LabResultWorkflowInput = { tenantId, reportId };
    await deps.temporal.workflow.signalWithStart(LAB_RESULT_WORKFLOW, {
      taskQueue: deps.taskQueue,
      workflowId: labResultWorkflowId(reportId),
      args: [input],
      signal: revisionReceivedSignal,
      signalArgs: [{ revisionId }],
      typedSearchAttributes: caseSearchAttributes({ caseType: LAB_RESULT_CASE_TYPE, entityId: reportId, tenantId }),
    });
    await withTenant(deps.db, tenantId, async (trx) => {
      await LabReportRevision.query(trx).patch({ dispatchedAt: fn.now() }).where('id', revisionId).whereNull('dispatched_at');
    });
  }
}
