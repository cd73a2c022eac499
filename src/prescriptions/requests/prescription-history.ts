import { type Knex } from 'knex';

/**
 * A request's decision and transmission history: append-only events (keyed, so a retried activity
 * records a step once), the signature with its content digest, and each transmission round.
 */
export interface PrescriptionEvent {
  kind: string;
  at: string;
  actor: { type: string; id: string | null };
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
  error: { kind: string | null; code: string | null; detail: string | null } | null;
  startedAt: string;
  completedAt: string | null;
}

type Row = Record<string, unknown>;
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : typeof v === 'string' ? v : null);

export async function recordEvent(
  trx: Knex.Transaction,
  event: { tenantId: string; prescriptionId: string; key: string; kind: string; actor: { type: string; id: string | null }; details?: Record<string, unknown> },
): Promise<boolean> {
  const inserted = await trx('prescription_events')
    .insert({
      tenant_id: event.tenantId,
      prescription_id: event.prescriptionId,
      event_key: event.key,
      kind: event.kind,
      actor_type: event.actor.type,
      actor_id: event.actor.id,
      details: JSON.stringify(event.details ?? {}),
    })
    .onConflict(['prescription_id', 'event_key'])
    .ignore()
    .returning('id');
  return inserted.length > 0;
}

export async function listEvents(trx: Knex.Transaction, prescriptionId: string): Promise<PrescriptionEvent[]> {
  const rows = (await trx('prescription_events').where({ prescription_id: prescriptionId }).orderBy('id')) as Row[];
  return rows.map((r) => ({
    kind: r.kind as string,
    at: iso(r.at)!,
    actor: { type: r.actor_type as string, id: (r.actor_id as string | null) ?? null },
    details: r.details as Record<string, unknown>,
  }));
}

export async function findSignature(trx: Knex.Transaction, prescriptionId: string): Promise<SignatureView | undefined> {
  const r = (await trx('prescription_signatures').where({ prescription_id: prescriptionId }).first()) as Row | undefined;
  if (!r) return undefined;
  return {
    method: r.method as SignatureView['method'],
    signerUserId: r.signer_user_id as string,
    prescriberId: r.prescriber_id as string,
    deaSchedule: (r.dea_schedule as string | null) ?? null,
    contentDigest: r.content_digest as string,
    signedAt: iso(r.signed_at)!,
  };
}

export async function listTransmissions(trx: Knex.Transaction, prescriptionIds: string[]): Promise<Map<string, TransmissionView[]>> {
  const rows = (await trx('prescription_transmissions').whereIn('prescription_id', prescriptionIds).orderBy(['prescription_id', 'round'])) as Row[];
  const byPrescription = new Map<string, TransmissionView[]>();
  for (const r of rows) {
    const view: TransmissionView = {
      round: Number(r.round),
      pharmacyId: r.pharmacy_id as string,
      transport: r.transport as string,
      status: r.status as TransmissionView['status'],
      attempts: Number(r.attempts),
      pharmacyReference: (r.pharmacy_reference as string | null) ?? null,
      error: r.error_kind || r.error_code ? { kind: (r.error_kind as string) ?? null, code: (r.error_code as string) ?? null, detail: (r.error_detail as string) ?? null } : null,
      startedAt: iso(r.started_at)!,
      completedAt: iso(r.completed_at),
    };
    const id = r.prescription_id as string;
    byPrescription.set(id, [...(byPrescription.get(id) ?? []), view]);
  }
  return byPrescription;
}
