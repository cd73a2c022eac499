import { type Knex } from 'knex';
import { type Actor } from '../authz/actor.js';
import { currentContext } from '../context/request-context.js';
import { withTenant } from '../db/tenant-scope.js';

/**
 * One audit event (HIPAA §164.312(b), ONC §170.315(d)(2)). IDs only: `details` must never carry
 * names, contact details, clinical values or free text a person typed.
 */
export interface AuditEntry {
  /** What was done: read, create, update, delete, decode, login, privilege-change… */
  action: string;
  entityType?: string;
  entityId?: string | null;
  /** The patient whose information was touched, when there is one. */
  patientId?: string | null;
  outcome?: 'allowed' | 'denied';
  /** Short machine-readable reason, e.g. not-found, forbidden, idle-timeout. */
  reason?: string;
  details?: Record<string, unknown>;
}

function rowFor(actor: Actor, entry: AuditEntry) {
  const ctx = currentContext();
  return {
    tenant_id: actor.tenantId,
    actor_type: actor.type,
    actor_id: actor.id,
    actor_role: actor.staffRole ?? actor.role,
    workflow_id: actor.workflowId ?? null,
    action: entry.action,
    entity_type: entry.entityType ?? null,
    entity_id: entry.entityId ?? null,
    patient_id: entry.patientId ?? null,
    outcome: entry.outcome ?? 'allowed',
    reason: entry.reason ?? null,
    ip: ctx?.ip ?? null,
    user_agent: ctx?.userAgent?.slice(0, 512) ?? null,
    request_id: ctx?.requestId ?? null,
    // A staff member reading in a patient's place (release of information) is recorded as such.
    details: JSON.stringify(actor.staffRole ? { ...entry.details, inPlaceOfPatient: actor.patientId } : (entry.details ?? {})),
  };
}

/**
 * Appends an event to the actor's tenant trail. Given the caller's tenant transaction, the event
 * commits (or rolls back) with the work it describes; given the pool, it is written in a
 * transaction of its own, which is how denials are recorded while the request itself fails.
 * The database assigns the sequence number, time and hash chain (trigger `audit_events_chain`).
 *
 * Temporal activities pass `systemActor(tenantId, 'lab-routing', workflowId)`.
 */
export async function recordAudit(db: Knex | Knex.Transaction, actor: Actor, entry: AuditEntry): Promise<void> {
  const row = rowFor(actor, entry);
  if ((db as Knex.Transaction).isTransaction) {
    await db('audit_events').insert(row);
    return;
  }
  await withTenant(db, actor.tenantId, (trx) => trx('audit_events').insert(row));
}

/** Several events at once (e.g. one per patient returned by a search), in the given transaction. */
export async function recordAuditMany(trx: Knex.Transaction, actor: Actor, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await trx('audit_events').insert(entries.map((e) => rowFor(actor, e)));
}
