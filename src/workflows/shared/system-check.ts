import { defineQuery } from '@temporalio/workflow';

/** What the API needs to start and inspect the system check; imports no workflow code. */
export const SYSTEM_CHECK_WORKFLOW = 'systemCheckWorkflow';
export const systemCheckWorkflowId = (checkId: string) => `system-check-${checkId}`;

export interface SystemCheckInput {
  checkId: string;
  /** An opaque string echoed back; tests use it as a canary that must never appear in plaintext. */
  probe: string;
  /** Makes the first activity attempt fail with a message containing the probe (canary test). */
  failFirstAttempt?: boolean;
}

export interface SystemCheckResult {
  checkId: string;
  probe: string;
  databaseLatencyMs: number;
  attempts: number;
}

export const systemCheckStatusQuery = defineQuery<'running' | 'completed'>('systemCheckStatus');
