import { Context } from '@temporalio/activity';
import { withTenant } from '../../db/tenant-scope.js';
import { requestAlert } from '../../lab-results/routing/alerts.js';
import { LabReport } from '../../lab-results/results/lab-report-model.js';
import { markFirstAlert } from '../../lab-results/routing/critical-notifications.js';
import { recordLabEvent } from '../../lab-results/routing/timeline.js';
import { type LabResultActivityDeps } from './deps.js';

/** Attempts of a send before it is recorded as failed. */
const ALERT_ATTEMPTS = 3;

/**
 * Messages about lab results, through the messaging module (consent, ledger, exactly once per key):
 * critical-result alerts to clinicians and the patient's "a result is available" notice. Neither
 * carries a value; the template's only variable from the result is a reference.
 */
export function createLabAlertActivities(deps: LabResultActivityDeps) {
  const { db } = deps;
  return {
    /**
     * SMS and e-mail to whoever holds the acknowledgement task, with a reference and no value. A
     * send that keeps failing is recorded as failed after a few attempts: an alert problem must not
     * hold up the escalation chain, which runs on its own timers.
     */
    async alertLabClinician(input: { tenantId: string; reportId: string; notificationId: string; level: number; userId: string }): Promise<void> {
      await withTenant(db, input.tenantId, (trx) => markFirstAlert(trx, input.notificationId));
      const giveUpOnError = Context.current().info.attempt >= ALERT_ATTEMPTS;
      for (const channel of ['sms', 'email'] as const) {
        await requestAlert(
          db,
          input.tenantId,
          {
            reportId: input.reportId,
            idempotencyKey: `${input.notificationId}:L${input.level}:${channel}`,
            purpose: 'critical-alert',
            recipient: { type: 'user', id: input.userId },
            channel,
            template: 'critical-result.alert',
            level: input.level,
          },
          deps.sendMessage,
          { giveUpOnError },
        );
      }
    },


    /** The content-free notice, once per release. */
    async notifyLabResultPatient(input: { tenantId: string; reportId: string; releaseKey: string }): Promise<void> {
      const patientId = await withTenant(db, input.tenantId, async (trx) => {
        const report = await LabReport.query(trx).findById(input.reportId).select('patient_id');
        return report!.patientId;
      });
      if (!patientId) return;
      await requestAlert(
        db,
        input.tenantId,
        { reportId: input.reportId, idempotencyKey: `${input.reportId}:notice:${input.releaseKey}`, purpose: 'patient-notice', recipient: { type: 'patient', id: patientId }, channel: 'preferred', template: 'result.available' },
        deps.sendMessage,
        { giveUpOnError: Context.current().info.attempt >= ALERT_ATTEMPTS },
      );
      await withTenant(db, input.tenantId, (trx) =>
        recordLabEvent(trx, input.tenantId, { reportId: input.reportId, key: `patient-notified:${input.releaseKey}`, kind: 'patient-notified', details: { template: 'result.available' } }),
      );
    },
  };
}
