/**
 * Development only: what the caller's tenant's patients and staff would have received, with the text
 * (opened from the ledger's sealed content). Lets a developer follow a reminder without Twilio or a
 * mail server. The route is not mounted in production; reading it is audited all the same.
 */
import { type AccessScope } from '../../authz/request-scope.js';
import { recordAudit } from '../../audit/record-audit.js';
import { type ContentKeyring, openContent, type SealedContent } from '../ledger/content-box.js';

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

interface Row {
  id: string;
  updated_at: Date;
  status: string;
  reason: string | null;
  template: string;
  purpose: string;
  recipient_type: 'patient' | 'user';
  patient_id: string | null;
  user_id: string | null;
  content_sealed: string;
}

export async function listOutbox(scope: AccessScope, keys: ContentKeyring, limit: number): Promise<OutboxItem[]> {
  const rows = await scope
    .trx('message_deliveries')
    .whereNotNull('content_sealed')
    .orderBy([{ column: 'updated_at', order: 'desc' }, { column: 'id', order: 'desc' }])
    .limit(limit)
    .select<Row[]>('id', 'updated_at', 'status', 'reason', 'template', 'purpose', 'recipient_type', 'patient_id', 'user_id', 'content_sealed');
  await recordAudit(scope.trx, scope.actor, { action: 'read', entityType: 'MessageContent', details: { via: 'dev-outbox', items: rows.length } });
  return rows.map((r) => ({
    id: r.id,
    at: r.updated_at.toISOString(),
    status: r.status,
    reason: r.reason,
    template: r.template,
    purpose: r.purpose,
    recipient: r.recipient_type === 'patient' ? { type: 'patient', patientId: r.patient_id! } : { type: 'user', userId: r.user_id! },
    message: openContent(keys, r.id, r.content_sealed),
  }));
}
