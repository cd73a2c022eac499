import { BaseModel } from '../../db/models/base-model.js';

/**
 * `message_action_links`: single-use confirm/decline links in emails, with only what their page
 * shows and whom to tell. Timestamps are read as ISO strings; a Date may be written.
 */
export class MessageActionLink extends BaseModel {
  static override tableName = 'message_action_links';

  declare id: string;
  declare tenantId: string;
  declare messageId: string;
  declare patientId: string;
  declare workflowId: string;
  declare clinicName: string;
  declare appointmentAt: string | Date | null;
  declare expiresAt: string | Date;
  declare usedAt: string | null;
  declare usedIntent: 'confirm' | 'decline' | null;
  declare createdAt: string;
}
