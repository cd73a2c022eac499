import { randomUUID } from 'node:crypto';
import { deniedWith } from '../../audit/denials.js';
import { recordAudit } from '../../audit/record-audit.js';
import { assertCan, notVisible } from '../../authz/assert-can.js';
import { type AccessScope } from '../../authz/request-scope.js';
import { forbidden } from '../../errors/app-error.js';
import { prescriptionWorkflowId } from '../../workflows/shared/prescription.js';
import { pharmacyOfApiKey } from '../clinical-data/pharmacies.js';
import { draftFields, draftOf } from '../requests/prescription-record.js';
import { findPermittedPrescription, insertPrescription, loadPrescription } from '../requests/prescription-repository.js';
import { recordEvent } from '../requests/prescription-history.js';
import { PrescriptionSignature } from '../requests/prescription-history-model.js';
import { type RefillRequestInput } from '../requests/request-schemas.js';

/** What a requester (a pharmacy's service account, a patient) sees of their refill request. */
export interface RefillRequestView {
  id: string;
  refillOfPrescriptionId: string | null;
  status: string;
  decision: { outcome: string; reason: string | null; decidedAt: string | null } | null;
  sentAt: string | null;
  createdAt: string;
}

/**
 * A refill request refers to an earlier prescription that reached a pharmacy: a pharmacy may ask
 * for prescriptions it received, a patient for their own. Anything else is not found (404), so the
 * endpoint cannot be used to probe for prescriptions. The refill is prescribed by the original's
 * prescriber of record and screened again like any request.
 */
export async function recordRefillRequest(scope: AccessScope, input: RefillRequestInput): Promise<{ prescriptionId: string }> {
  const { trx, actor, ability } = scope;
  const pharmacy = actor.type === 'service' ? await pharmacyOfApiKey(trx, actor.id) : undefined;
  if (actor.type === 'service' && !pharmacy) {
    throw deniedWith(forbidden('This API key is not a pharmacy’s service account.'), { action: 'create', entityType: 'RefillRequest', entityId: input.prescriptionId });
  }
  const original = await loadPrescription(trx, input.prescriptionId);
  const mayRefer = original?.status === 'sent' && (pharmacy ? original.pharmacyId === pharmacy.id : original.patientId === actor.patientId);
  if (!original || !mayRefer) throw notVisible('create', 'RefillRequest', input.prescriptionId);
  assertCan(ability, 'create', 'RefillRequest', { tenantId: original.tenantId, patientId: original.patientId }, { entityId: original.id, patientId: original.patientId });

  const signature = await PrescriptionSignature.query(trx).select('prescriber_id').where('prescription_id', original.id).first();
  const prescriptionId = randomUUID();
  await insertPrescription(trx, {
    id: prescriptionId,
    tenantId: actor.tenantId,
    workflowId: prescriptionWorkflowId(prescriptionId),
    patientId: original.patientId,
    kind: 'refill',
    origin: pharmacy ? 'pharmacy' : 'patient',
    requestedBy: { type: actor.type === 'service' ? 'service' : 'user', id: actor.id, role: actor.role },
    refillOfPrescriptionId: original.id,
    requestingPharmacyId: pharmacy?.id ?? null,
    prescriberId: signature?.prescriberId ?? original.prescriberId,
    pharmacyId: pharmacy?.id ?? original.pharmacyId,
    ...draftFields(draftOf(original)),
  });
  const origin = pharmacy ? 'pharmacy' : 'patient';
  await recordEvent(trx, { tenantId: actor.tenantId, prescriptionId, key: 'created', kind: 'created', actor: { type: actor.type, id: actor.id }, details: { origin, refillOf: original.id } });
  await recordAudit(trx, actor, { action: 'create', entityType: 'RefillRequest', entityId: prescriptionId, patientId: original.patientId, details: { origin, refillOf: original.id } });
  return { prescriptionId };
}

/** The requester's view of their refill request. */
export async function getRefillRequest(scope: AccessScope, id: string): Promise<RefillRequestView> {
  const found = await findPermittedPrescription(scope.trx, scope.ability, id, 'read', 'RefillRequest');
  if (!found || found.kind !== 'refill') throw notVisible('read', 'RefillRequest', id);
  await recordAudit(scope.trx, scope.actor, { action: 'read', entityType: 'RefillRequest', entityId: id, patientId: found.patientId });
  return { id: found.id, refillOfPrescriptionId: found.refillOfPrescriptionId, status: found.status, decision: found.decision, sentAt: found.sentAt, createdAt: found.createdAt };
}
