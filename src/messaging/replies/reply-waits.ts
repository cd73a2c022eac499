/**
 * Conversations waiting for a patient's SMS reply. The send activity opens one, just before a message
 * with `replyTo` goes to the provider by SMS (a reply can beat the provider's answer); an inbound reply from a number that reaches the patient is offered to the
 * most recently opened one still open (the text the patient is most likely answering).
 */
import { type Knex } from 'knex';
import { MessageReplyWait } from './reply-wait-model.js';

export interface ReplyWait {
  messageId: string;
  patientId: string;
  workflowId: string;
}

export async function openReplyWait(
  trx: Knex.Transaction,
  wait: { tenantId: string; messageId: string; patientId: string; workflowId: string; expiresAt: Date },
): Promise<void> {
  await MessageReplyWait.query(trx).insert(wait).onConflict('message_id').ignore();
}

/** Open waits for these patients, newest first. */
export async function openWaitsFor(trx: Knex.Transaction, patientIds: readonly string[], now: Date): Promise<ReplyWait[]> {
  if (patientIds.length === 0) return [];
  const waits = await MessageReplyWait.query(trx)
    .select('message_id', 'patient_id', 'workflow_id')
    .whereIn('patient_id', patientIds)
    .where('expires_at', '>', now)
    .orderBy([{ column: 'created_at', order: 'desc' }, { column: 'message_id', order: 'desc' }]);
  return waits.map((w) => w.toRecord<ReplyWait>());
}

/** A refused text asked nothing of the patient after all. */
export async function closeWaitOfMessage(trx: Knex.Transaction, messageId: string): Promise<void> {
  await MessageReplyWait.query(trx).deleteById(messageId);
}

/** The workflow is gone (completed, cancelled): nobody waits there any more. */
export async function closeWaitsOf(trx: Knex.Transaction, workflowId: string): Promise<void> {
  await MessageReplyWait.query(trx).delete().where('workflow_id', workflowId);
}
