import { systemActor } from '../../authz/actor.js';
import { recordAudit } from '../../audit/record-audit.js';
import { withTenant } from '../../db/tenant-scope.js';
import { LabReport } from '../../lab-results/results/lab-report-model.js';
import { liftHold, placeHold, releaseReport, type ReleaseOutcome } from '../../lab-results/routing/release.js';
import { type LabActorRef } from '../../workflows/shared/lab-result.js';
import { type LabResultActivityDeps } from './deps.js';

interface ReportRef {
  tenantId: string;
  reportId: string;
}

/** Release to the patient (with a content-free notice) and the "preventing harm" hold. */
export function createLabReleaseActivities(deps: LabResultActivityDeps) {
  const { db } = deps;
  return {
    async releaseLabResult(input: ReportRef & { releaseKey: string; workflowId: string }): Promise<ReleaseOutcome> {
      const outcome = await withTenant(db, input.tenantId, async (trx) => {
        const result = await releaseReport(trx, input.tenantId, input.reportId, input.releaseKey);
        const { patientId } = (await LabReport.query(trx).findById(input.reportId).select('patient_id'))!;
        if (result.released) {
          await recordAudit(trx, systemActor(input.tenantId, 'lab-result-release', input.workflowId), {
            action: 'release',
            entityType: 'LabResult',
            entityId: input.reportId,
            patientId,
            details: { releaseKey: input.releaseKey },
          });
        }
        return { ...result, patientId };
      });
      return { released: outcome.released, held: outcome.held };
    },

    async placeLabResultHold(input: ReportRef & { actor: LabActorRef; reason: string; until: string; key: string }): Promise<void> {
      await withTenant(db, input.tenantId, (trx) =>
        placeHold(trx, input.tenantId, input.reportId, {
          reason: input.reason,
          until: input.until,
          placedBy: { type: 'user', id: input.actor.userId },
          practitionerId: input.actor.practitionerId,
          key: input.key,
        }),
      );
    },

    /** Ends a hold; when it ends by its date, the workflow's timer lifts it and this is audited here. */
    async liftLabResultHold(input: ReportRef & { why: 'hold-ended' | 'released-by-physician'; actor: LabActorRef | null; key: string; workflowId: string }): Promise<boolean> {
      return withTenant(db, input.tenantId, async (trx) => {
        const by = input.actor ? { type: 'user', id: input.actor.userId } : { type: 'system', id: 'lab-result-hold-timer' };
        const lifted = await liftHold(trx, input.tenantId, input.reportId, { why: input.why, by, key: input.key });
        if (lifted && !input.actor) {
          const { patientId } = (await LabReport.query(trx).findById(input.reportId).select('patient_id'))!;
          await recordAudit(trx, systemActor(input.tenantId, 'lab-result-hold-timer', input.workflowId), {
            action: 'hold-lift',
            entityType: 'LabResult',
            entityId: input.reportId,
            patientId,
            details: { why: input.why },
          });
        }
        return lifted;
      });
    },
  };
}
