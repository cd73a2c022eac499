import { BaseModel } from '../../db/models/base-model.js';

/** `twilio_status_events`: the status callbacks seen, so that a replayed one is processed once. */
export class TwilioStatusEvent extends BaseModel {
  static override tableName = 'twilio_status_events';
  static override idColumn = ['tenant_id', 'message_sid', 'status'];

  declare tenantId: string;
  declare messageSid: string;
  declare status: string;
  declare receivedAt: string;
}
