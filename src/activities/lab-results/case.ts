import { withTenant } from '../../db/tenant-scope.js';
import { applyRevision, type AppliedRevision } from '../../lab-results/routing/apply-revision.js';
import { type LabCaseState, loadCaseState, markRevisionRouted } from '../../lab-results/routing/case-state.js';
import { type LabEvent, recordLabEvent } from '../../lab-results/routing/timeline.js';
import { type LabPolicy, loadLabPolicy } from '../../lab-results/settings/lab-settings.js';
import { getOrCreatePool } from '../../tasks/pools.js';
import { DEFAULT_CRITICAL_ACK_DEADLINE_SECONDS, type LabResultActivityDeps } from './deps.js';

interface ReportRef {
  tenantId: string;
  reportId: string;
}

/** The durations a workflow schedules with; ranges stay in the database. */
export type LabTimings = Omit<LabPolicy, 'criticalRanges'>;

/** Reading a report's state, applying its revisions and recording timeline steps. */
export function createLabCaseActivities({ db, labCriticalAckDeadlineSeconds }: LabResultActivityDeps) {
  const defaultDeadline = labCriticalAckDeadlineSeconds ?? DEFAULT_CRITICAL_ACK_DEADLINE_SECONDS;
  return {
    async loadLabResultCase(ref: ReportRef): Promise<LabCaseState & { timings: LabTimings }> {
      return withTenant(db, ref.tenantId, async (trx) => {
        const { criticalRanges: _ranges, ...timings } = await loadLabPolicy(trx, defaultDeadline);
        return { ...(await loadCaseState(trx, ref.reportId)), timings };
      });
    },
    async applyLabRevision(input: ReportRef & { revisionId: string }): Promise<AppliedRevision> {
      return withTenant(db, input.tenantId, async (trx) => {
        const policy = await loadLabPolicy(trx, defaultDeadline);
        return applyRevision(trx, input.tenantId, input, policy.criticalRanges);
      });
    },
    async markLabRevisionRouted(input: { tenantId: string; revisionId: string }): Promise<void> {
      await withTenant(db, input.tenantId, (trx) => markRevisionRouted(trx, input.revisionId));
    },
    async recordLabResultEvent(input: { tenantId: string; event: LabEvent }): Promise<void> {
      await withTenant(db, input.tenantId, (trx) => recordLabEvent(trx, input.tenantId, input.event));
    },
    /** The tenant-wide nurse pool that works the result-reconciliation queue. */
    async labReconciliationPool(input: { tenantId: string }): Promise<string> {
      return withTenant(db, input.tenantId, async (trx) => (await getOrCreatePool(trx, input.tenantId, null, 'nurse')).id);
    },
  };
}
