import { BaseModel } from '../../db/models/base-model.js';

/**
 * `inbound_messages`: each inbound text once per (tenant, MessageSid), as its classification only;
 * the body is never stored.
 */
export class InboundMessage extends BaseModel {
  static override tableName = 'inbound_messages';

  declare id: string;
  declare tenantId: string;
  declare messageSid: string;
  declare patientId: string | null;
  declare intent: string;
  /** An exact keyword ("STOP", "C"), never free text. */
  declare keyword: string | null;
  declare viaReasonableMeans: boolean;
  declare handledAs: string;
  declare workflowId: string | null;
  declare receivedAt: string;
}
