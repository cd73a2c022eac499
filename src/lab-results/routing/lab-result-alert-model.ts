import { BaseModel } from '../../db/models/base-model.js';

export type AlertStatus = 'pending' | 'sent' | 'suppressed' | 'deferred' | 'failed';

/**
 * `lab_result_alerts`: the ledger of alerts about results (staff critical alerts, the patient's
 * "a result is available" notice), one per idempotency key, with its outcome. Never a value.
 */
export class LabResultAlert extends BaseModel {
  static override tableName = 'lab_result_alerts';

  declare id: string;
  declare tenantId: string;
  declare reportId: string;
  declare idempotencyKey: string;
  declare purpose: 'critical-alert' | 'patient-notice';
  declare recipientType: 'user' | 'patient';
  declare recipientId: string;
  declare channel: string;
  declare template: string;
  declare status: AlertStatus;
  declare reason: string | null;
  declare messageId: string | null;
  declare requestedAt: string;
  declare completedAt: string | null;
}
