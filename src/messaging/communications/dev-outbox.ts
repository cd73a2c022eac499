/**
 * Development only: what the caller's tenant's patients and staff would have received, with the text
 * (opened from the ledger's sealed content). Lets a developer follow a reminder without Twilio or a
 * mail server. The route is not mounted in production; reading it is audited all the same.
 */
import { type AccessScope } from '../../authz/request-scope.js';
import { recordAudit } from '../../audit/record-audit.js';
import { type ContentKeyring, openContent, type SealedContent } from '../ledger/content-box.js';
import { MessageDelivery } from '../ledger/message-delivery-model.js';

export interface OutboxItem {
  id: string;
  at: string;
  status: string;
  reason: string | null;
  template: string;
  purpose: string;
  recipient: { type: 'patient'; patientId: string } | { type: 'user'; userId: string };
  message: SealedContent;
}

export async function listOutbox(scope: AccessScope, keys: ContentKeyring, limit: number): Promise<OutboxItem[]> {
  const deliveries = await MessageDelivery.query(scope.trx)
    .select('id', 'updated_at', 'status', 'reason', 'template', 'purpose', 'recipient_type', 'patient_id', 'user_id', 'content_sealed')
    .whereNotNull('content_sealed')
    .orderBy([{ column: 'updated_at', order: 'desc' }, { column: 'id', order: 'desc' }])
    .limit(limit);
  await recordAudit(scope.trx, scope.actor, { action: 'read', entityType: 'MessageContent', details: { via: 'dev-outbox', items: deliveries.length } });
  return deliveries.map((d) => ({
    id: d.id,
    at: d.updatedAt,
    status: d.status,
    reason: d.reason,
    template: d.template,
    purpose: d.purpose,
    recipient: d.recipientType === 'patient' ? { type: 'patient', patientId: d.patientId! } : { type: 'user', userId: d.userId! },
    message: openContent(keys, d.id, d.contentSealed!),
  }));
}
