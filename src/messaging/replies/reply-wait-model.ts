import { BaseModel } from '../../db/models/base-model.js';

/** `message_reply_waits`: which workflow waits for a patient's SMS reply to a message, until when. */
export class MessageReplyWait extends BaseModel {
  static override tableName = 'message_reply_waits';
  static override idColumn = 'message_id';

  declare messageId: string;
  declare tenantId: string;
  declare patientId: string;
  declare workflowId: string;
  /** Read as an ISO string; a Date may be written. */
  declare expiresAt: string | Date;
  declare createdAt: string;
}
