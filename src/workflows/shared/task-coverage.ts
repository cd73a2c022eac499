/** What the API needs to start the coverage workflow; imports no workflow code. */
export const TASK_COVERAGE_WORKFLOW = 'taskCoverageWorkflow';
export const taskCoverageWorkflowId = (coverageId: string) => `task-coverage-${coverageId}`;

export interface TaskCoverageInput {
  tenantId: string;
  coverageId: string;
}

export interface TaskCoverageResult {
  coverageId: string;
  /** Tasks whose workflows were asked to move to the cover (each re-checks before moving). */
  signalled: number;
}
