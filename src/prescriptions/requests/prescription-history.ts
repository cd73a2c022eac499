import { type Knex } from 'knex';
import { insertedRows } from '../../db/models/inserted-rows.js';
import { type EventActor, PrescriptionEvent, PrescriptionSignature, PrescriptionTransmission, type TransmissionError } from './prescription-history-model.js';

/**
 * A request's decision and transmission history: append-only events (keyed, so a retried activity
 * records a step once), the signature with its content digest, and each transmission round.
 */
export interface PrescriptionEventView {
  kind: string;
  at: string;
  actor: EventActor;
  details: Record<string, unknown>;
}

export interface SignatureView {
  method: 'epcs-two-factor' | 'prescriber' | 'protocol';
  signerUserId: string;
  prescriberId: string;
  deaSchedule: string | null;
  contentDigest: string;
  signedAt: string;
}

export interface TransmissionView {
  round: number;
  pharmacyId: string;
  transport: string;
  status: 'sending' | 'sent' | 'failed';
  attempts: number;
  pharmacyReference: string | null;
  error: TransmissionError | null;
  startedAt: string;
  completedAt: string | null;
}

/** True when the step was recorded now; false when it already was (a retried activity). */
export async function recordEvent(
  trx: Knex.Transaction,
  event: { tenantId: string; prescriptionId: string; key: string; kind: string; actor: EventActor; details?: Record<string, unknown> },
): Promise<boolean> {
  const insert = PrescriptionEvent.query(trx)
    .insert({ tenantId: event.tenantId, prescriptionId: event.prescriptionId, eventKey: event.key, kind: event.kind, actor: event.actor, details: event.details ?? {} })
    .onConflict(['prescription_id', 'event_key'])
    .ignore()
    .returning('id');
  return (await insertedRows(insert)).length > 0;
}

export async function listEvents(trx: Knex.Transaction, prescriptionId: string): Promise<PrescriptionEventView[]> {
  const events = await PrescriptionEvent.query(trx).select('kind', 'at', 'actor_type', 'actor_id', 'details').where('prescription_id', prescriptionId).orderBy('id');
  return events.map((e) => e.toRecord<PrescriptionEventView>());
}

export async function findSignature(trx: Knex.Transaction, prescriptionId: string): Promise<SignatureView | undefined> {
  const signature = await PrescriptionSignature.query(trx)
    .select('method', 'signer_user_id', 'prescriber_id', 'dea_schedule', 'content_digest', 'signed_at')
    .where('prescription_id', prescriptionId)
    .first();
  return signature?.toRecord<SignatureView>();
}

export async function listTransmissions(trx: Knex.Transaction, prescriptionIds: string[]): Promise<Map<string, TransmissionView[]>> {
  const rounds = await PrescriptionTransmission.query(trx)
    .select('prescription_id', 'round', 'pharmacy_id', 'transport', 'status', 'attempts', 'pharmacy_reference', 'error_kind', 'error_code', 'error_detail', 'started_at', 'completed_at')
    .whereIn('prescription_id', prescriptionIds)
    .orderBy(['prescription_id', 'round']);
  const byPrescription = new Map<string, TransmissionView[]>();
  for (const round of rounds) {
    const { prescriptionId, ...view } = round.toRecord<TransmissionView & { prescriptionId: string }>();
    byPrescription.set(prescriptionId, [...(byPrescription.get(prescriptionId) ?? []), view]);
  }
  return byPrescription;
}
