import { log, proxyActivities, setHandler } from '@temporalio/workflow';
import type { SystemCheckActivities } from '../activities/system-check.js';
import { type SystemCheckInput, type SystemCheckResult, systemCheckStatusQuery } from './shared/system-check.js';

const { recordSystemCheck } = proxyActivities<SystemCheckActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '200 milliseconds', maximumAttempts: 5 },
});

/** HTTP → Temporal → worker → activity → PostgreSQL, end to end. */
export async function systemCheckWorkflow(input: SystemCheckInput): Promise<SystemCheckResult> {
  let status: 'running' | 'completed' = 'running';
  setHandler(systemCheckStatusQuery, () => status);
  const { databaseLatencyMs, attempts } = await recordSystemCheck(input);
  status = 'completed';
  log.info('system check completed', { checkId: input.checkId, attempts });
  return { checkId: input.checkId, probe: input.probe, databaseLatencyMs, attempts };
}
