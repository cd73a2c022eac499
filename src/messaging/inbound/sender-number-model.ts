import { BaseModel } from '../../db/models/base-model.js';

/**
 * `messaging_sender_numbers`: the numbers Twilio delivers inbound texts to, each owned by one tenant
 * (operators assign them; the app reads them).
 */
export class SenderNumber extends BaseModel {
  static override tableName = 'messaging_sender_numbers';
  static override idColumn = 'e164';

  declare e164: string;
  declare tenantId: string;
  declare createdAt: string;
}
