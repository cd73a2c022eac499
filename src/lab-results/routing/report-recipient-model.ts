import { BaseModel } from '../../db/models/base-model.js';

/**
 * `lab_report_recipients`: the clinicians a report was routed to, in which role (ordering, cover,
 * on-call, lead, escalation). Being one lets a physician read the report (`lab_report_viewers`).
 */
export class LabReportRecipient extends BaseModel {
  static override tableName = 'lab_report_recipients';
  static override idColumn = ['report_id', 'practitioner_id', 'role'];

  declare tenantId: string;
  declare reportId: string;
  declare practitionerId: string;
  declare role: string;
  declare addedAt: string;
}
