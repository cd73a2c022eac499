/**
 * A patient's communications for staff: every intended message with its status (sent, suppressed,
 * deferred… and why), every text received and every action link used, newest first. Templates,
 * channels, statuses and intents only, never message text. Permission-checked and audited.
 */
import { type Knex } from 'knex';
import { assertCan, notVisible } from '../../authz/assert-can.js';
import { type AccessScope } from '../../authz/request-scope.js';
import { recordAudit } from '../../audit/record-audit.js';
import { findPatient } from '../../registry/patients/patient-repository.js';
import { offsetOf, type Page, toPage } from '../../registry/shared/pagination.js';

export interface CommunicationItem {
  id: string;
  direction: 'outbound' | 'inbound';
  /** sms, email, or email-link (a patient's choice on an action-link page). */
  channel: string | null;
  template: string | null;
  purpose: string | null;
  /** Outbound: the ledger status; inbound: how the reply was handled (opt-out, offered, help…). */
  status: string;
  reason: string | null;
  errorCode: string | null;
  /** Inbound: confirm, decline, opt-out… */
  intent: string | null;
  keyword: string | null;
  attempts: number | null;
  at: string;
  sentAt: string | null;
  completedAt: string | null;
  deferredUntil: string | null;
  fallbackOf: string | null;
}

type Row = Record<string, unknown>;
const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : null);

function unionQuery(trx: Knex.Transaction, patientId: string) {
  const outbound = trx('message_deliveries')
    .where({ patient_id: patientId })
    .select(
      'id', trx.raw("'outbound' as direction"), 'channel', 'template', 'purpose', 'status', 'reason', 'error_code',
      trx.raw('null as intent'), trx.raw('null as keyword'), 'attempts', 'created_at as at', 'sent_at', 'completed_at', 'deferred_until', 'fallback_of',
    );
  const inbound = trx('inbound_messages')
    .where({ patient_id: patientId })
    .select(
      'id', trx.raw("'inbound'"), trx.raw("'sms'"), trx.raw('null'), trx.raw('null'), 'handled_as', trx.raw('null'), trx.raw('null'),
      'intent', 'keyword', trx.raw('null::integer'), 'received_at', trx.raw('null::timestamptz'), trx.raw('null::timestamptz'), trx.raw('null::timestamptz'), trx.raw('null::uuid'),
    );
  const links = trx('message_action_links')
    .where({ patient_id: patientId })
    .whereNotNull('used_at')
    .select(
      'id', trx.raw("'inbound'"), trx.raw("'email-link'"), trx.raw('null'), trx.raw('null'), trx.raw("'offered'"), trx.raw('null'), trx.raw('null'),
      'used_intent', trx.raw('null'), trx.raw('null::integer'), 'used_at', trx.raw('null::timestamptz'), trx.raw('null::timestamptz'), trx.raw('null::timestamptz'), trx.raw('null::uuid'),
    );
  return trx.select('*').from(outbound.unionAll([inbound, links], true).as('c'));
}

function toItem(r: Row): CommunicationItem {
  return {
    id: r.id as string,
    direction: r.direction as CommunicationItem['direction'],
    channel: (r.channel as string | null) ?? null,
    template: (r.template as string | null) ?? null,
    purpose: (r.purpose as string | null) ?? null,
    status: r.status as string,
    reason: (r.reason as string | null) ?? null,
    errorCode: (r.error_code as string | null) ?? null,
    intent: (r.intent as string | null) ?? null,
    keyword: (r.keyword as string | null) ?? null,
    attempts: (r.attempts as number | null) ?? null,
    at: iso(r.at)!,
    sentAt: iso(r.sent_at),
    completedAt: iso(r.completed_at),
    deferredUntil: iso(r.deferred_until),
    fallbackOf: (r.fallback_of as string | null) ?? null,
  };
}

export async function listCommunications(scope: AccessScope, patientId: string, page: { limit: number; cursor?: string }): Promise<Page<CommunicationItem>> {
  const patient = await findPatient(scope, patientId);
  if (!patient) throw notVisible('read', 'Communication', patientId, patientId);
  assertCan(scope.ability, 'read', 'Communication', { tenantId: patient.tenantId, patientId }, { entityId: patientId, patientId });
  const offset = offsetOf(page.cursor);
  const rows = (await unionQuery(scope.trx, patientId)
    .orderBy([{ column: 'at', order: 'desc' }, { column: 'id', order: 'desc' }])
    .limit(page.limit + 1)
    .offset(offset)) as Row[];
  const result = toPage(rows.map(toItem), page.limit, offset);
  await recordAudit(scope.trx, scope.actor, { action: 'read', entityType: 'Communication', entityId: patientId, patientId, details: { items: result.items.length } });
  return result;
}
