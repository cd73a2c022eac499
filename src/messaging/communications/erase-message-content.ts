import { assertCan, notVisible } from '../../authz/assert-can.js';
import { type AccessScope } from '../../authz/request-scope.js';
import { recordAudit } from '../../audit/record-audit.js';
import { findPatient } from '../../registry/patients/patient-repository.js';
import { MessageDelivery } from '../ledger/message-delivery-model.js';

export interface MessageContentErasure {
  patientId: string;
  /** Messages whose sealed text (address and body) is gone for good. */
  erased: number;
  /** Messages an attempt is sending right now: their text is still needed to find out whether the provider took them. */
  inFlight: number;
  erasedAt: string;
}

/**
 * A patient's erasure request, as far as the law lets it reach: medical records are retained, but
 * the contact data in the notification log may go. Every message to the patient (or to their
 * responsible party) keeps its row (template, channel, status and times: the record that processing
 * happened), and loses its sealed text, which is where the address and the rendered message live.
 *
 * A message whose provider call is in flight (`pending_attempt_at`) keeps its text until that
 * attempt settles, because exactly-once delivery looks the message up by it; the answer counts
 * them so the request can be repeated. The update re-checks that condition on each locked row, so
 * an attempt that arms concurrently is never robbed of its text.
 */
export async function eraseMessageContent(scope: AccessScope, patientId: string, request: { reference: string }): Promise<MessageContentErasure> {
  const patient = await findPatient(scope, patientId);
  if (!patient) throw notVisible('erase', 'MessageContent', patientId, patientId);
  assertCan(scope.ability, 'erase', 'MessageContent', { tenantId: patient.tenantId, patientId }, { entityId: patientId, patientId });

  const erased = await MessageDelivery.query(scope.trx)
    .patch({ contentSealed: null })
    .where({ patient_id: patientId })
    .whereNotNull('content_sealed')
    .whereNull('pending_attempt_at');
  const inFlight = await MessageDelivery.query(scope.trx).where({ patient_id: patientId }).whereNotNull('content_sealed').resultSize();
  await recordAudit(scope.trx, scope.actor, {
    action: 'erase',
    entityType: 'MessageContent',
    entityId: patientId,
    patientId,
    details: { reference: request.reference, erased, inFlight },
  });
  return { patientId, erased, inFlight, erasedAt: new Date().toISOString() };
}
