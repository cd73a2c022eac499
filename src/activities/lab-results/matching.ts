import { fn } from 'objection';
import { withTenant } from '../../db/tenant-scope.js';
import { type MatchDecision } from '../../lab-results/matching/match-decision.js';
import { applyMatch, matchRevision } from '../../lab-results/matching/match-report.js';
import { LabOrder } from '../../lab-results/orders/lab-order-model.js';
import { LabReport } from '../../lab-results/results/lab-report-model.js';
import { addRecipient } from '../../lab-results/routing/case-state.js';
import { recordLabEvent } from '../../lab-results/routing/timeline.js';
import { type TaskActorRef } from '../../workflows/shared/tasks.js';
import { type LabResultActivityDeps } from './deps.js';

export interface ReconciliationDecision {
  patientId: string;
  orderingPractitionerId: string;
  labOrderId?: string;
}

/** Matching a report to its patient and orderer, automatically or by a person's reconciliation. */
export function createLabMatchingActivities({ db }: LabResultActivityDeps) {
  return {
    async matchLabReport(input: { tenantId: string; reportId: string; revisionId: string }): Promise<MatchDecision> {
      return withTenant(db, input.tenantId, async (trx) => {
        const decision = await matchRevision(trx, input.reportId, input.revisionId);
        if (decision.status === 'matched') {
          await applyMatch(trx, input.reportId, decision);
          await addRecipient(trx, input.tenantId, input.reportId, decision.orderingPractitionerId, 'ordering');
          await recordLabEvent(trx, input.tenantId, {
            reportId: input.reportId,
            key: `matched:${input.revisionId}`,
            kind: 'matched',
            revisionId: input.revisionId,
            practitionerId: decision.orderingPractitionerId,
            details: { by: decision.by, labOrderId: decision.labOrderId },
          });
        } else {
          await LabReport.query(trx).patch({ matchStatus: decision.status, updatedAt: fn.now() }).where('id', input.reportId);
          await recordLabEvent(trx, input.tenantId, {
            reportId: input.reportId,
            key: `unmatched:${input.revisionId}`,
            kind: 'unmatched',
            revisionId: input.revisionId,
            details: { status: decision.status, reason: decision.reason },
          });
        }
        return decision;
      });
    },

    /**
     * A person matched the report. The references are checked inside the tenant (row-level
     * security) first; a decision naming records that do not fit is refused, not applied.
     */
    async applyLabReconciliation(input: {
      tenantId: string;
      reportId: string;
      decision: ReconciliationDecision;
      decidedBy: TaskActorRef;
    }): Promise<{ accepted: boolean; reason?: 'unknown-patient' | 'unknown-practitioner' | 'order-mismatch' }> {
      return withTenant(db, input.tenantId, async (trx) => {
        const { patientId, orderingPractitionerId, labOrderId } = input.decision;
        if (!(await trx('patients').where({ id: patientId }).first('id'))) return { accepted: false, reason: 'unknown-patient' as const };
        if (!(await trx('practitioners').where({ id: orderingPractitionerId, active: true }).first('id'))) {
          return { accepted: false, reason: 'unknown-practitioner' as const };
        }
        if (labOrderId && !(await LabOrder.query(trx).where({ id: labOrderId, patient_id: patientId }).select('id').first())) {
          return { accepted: false, reason: 'order-mismatch' as const };
        }
        await applyMatch(trx, input.reportId, { patientId, orderingPractitionerId, labOrderId: labOrderId ?? null, by: 'reconciliation' });
        await addRecipient(trx, input.tenantId, input.reportId, orderingPractitionerId, 'ordering');
        await recordLabEvent(trx, input.tenantId, {
          reportId: input.reportId,
          key: `reconciled:${patientId}:${orderingPractitionerId}`,
          kind: 'reconciled',
          practitionerId: orderingPractitionerId,
          actor: { type: input.decidedBy.type, id: input.decidedBy.id },
          details: { labOrderId: labOrderId ?? null },
        });
        return { accepted: true };
      });
    },
  };
}
