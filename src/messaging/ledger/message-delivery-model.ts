import { BaseModel } from '../../db/models/base-model.js';
import { type DeliveryStatus } from './statuses.js';

/**
 * `message_deliveries`: the ledger, one row per intended message, unique per (tenant, idempotency
 * key). Timestamps are read as ISO strings; a Date may be written.
 */
export class MessageDelivery extends BaseModel {
  static override tableName = 'message_deliveries';

  declare id: string;
  declare tenantId: string;
  declare idempotencyKey: string;
  declare requestHash: string;
  declare recipientType: 'patient' | 'user';
  declare patientId: string | null;
  declare userId: string | null;
  declare template: string;
  declare purpose: string;
  declare channelChoice: 'sms' | 'email' | 'preferred';
  declare subjectType: string | null;
  declare subjectId: string | null;
  declare replyWorkflowId: string | null;
  declare replyExpiresAt: string | Date | null;
  declare fallbackOf: string | null;
  declare channel: 'sms' | 'email' | null;
  declare status: DeliveryStatus;
  declare reason: string | null;
  declare deferredUntil: string | Date | null;
  declare providerMessageId: string | null;
  declare providerStatus: string | null;
  declare errorCode: string | null;
  declare attempts: number;
  declare attemptToken: string | null;
  declare leaseUntil: string | Date | null;
  declare pendingAttemptAt: string | Date | null;
  /** The rendered message, sealed (content-box.ts): never in clear. */
  declare contentSealed: string | null;
  declare createdAt: string;
  declare updatedAt: string;
  declare sentAt: string | Date | null;
  declare completedAt: string | Date | null;
}
