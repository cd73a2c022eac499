import { accessibleWhere } from '../authz/accessible-where.js';
import { type AccessScope } from '../authz/request-scope.js';
import { badRequest } from '../errors/app-error.js';
import { recordAudit } from './record-audit.js';

export interface AuditEventFilters {
  patientId?: string;
  actorId?: string;
  entityType?: string;
  entityId?: string;
  action?: string;
  outcome?: 'allowed' | 'denied';
  from?: string;
  to?: string;
  limit: number;
  /** The `seq` to continue below (newest first). */
  cursor?: string;
}

export interface AuditEventRecord {
  [key: string]: unknown;
  id: string;
  tenantId: string;
  seq: number;
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  actorRole: string | null;
  workflowId: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  patientId: string | null;
  outcome: 'allowed' | 'denied';
  reason: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
  hash: string;
}

type Row = Record<string, unknown>;
const toRecord = (r: Row): AuditEventRecord => ({
  id: String(r.id),
  tenantId: r.tenant_id as string,
  seq: Number(r.seq),
  occurredAt: (r.occurred_at as Date).toISOString(),
  actorType: r.actor_type as string,
  actorId: (r.actor_id as string | null) ?? null,
  actorRole: (r.actor_role as string | null) ?? null,
  workflowId: (r.workflow_id as string | null) ?? null,
  action: r.action as string,
  entityType: (r.entity_type as string | null) ?? null,
  entityId: (r.entity_id as string | null) ?? null,
  patientId: (r.patient_id as string | null) ?? null,
  outcome: r.outcome as 'allowed' | 'denied',
  reason: (r.reason as string | null) ?? null,
  ip: (r.ip as string | null) ?? null,
  userAgent: (r.user_agent as string | null) ?? null,
  requestId: (r.request_id as string | null) ?? null,
  details: (r.details as Record<string, unknown>) ?? {},
  hash: r.hash as string,
});

/**
 * The tenant's trail, newest first, keyset-paginated on the sequence number. Reading the trail is
 * itself recorded (who looked, and at what).
 */
export async function listAuditEvents(scope: AccessScope, f: AuditEventFilters): Promise<{ items: AuditEventRecord[]; nextCursor: string | null }> {
  const query = scope.trx('audit_events').where(accessibleWhere(scope.ability, 'read', 'AuditEvent'));
  if (f.patientId) void query.where('patient_id', f.patientId);
  if (f.actorId) void query.where('actor_id', f.actorId);
  if (f.entityType) void query.where('entity_type', f.entityType);
  if (f.entityId) void query.where('entity_id', f.entityId);
  if (f.action) void query.where('action', f.action);
  if (f.outcome) void query.where('outcome', f.outcome);
  if (f.from) void query.where('occurred_at', '>=', f.from);
  if (f.to) void query.where('occurred_at', '<', f.to);
  if (f.cursor) {
    if (!/^\d{1,18}$/.test(f.cursor)) throw badRequest('The cursor is not valid.');
    void query.where('seq', '<', f.cursor);
  }
  const rows = await query.orderBy('seq', 'desc').limit(f.limit + 1).select<Row[]>('*');
  const items = rows.slice(0, f.limit).map(toRecord);
  const nextCursor = rows.length > f.limit ? String(items[items.length - 1]!.seq) : null;
  const filters = Object.entries(f).filter(([k, v]) => v !== undefined && k !== 'limit' && k !== 'cursor').map(([k]) => k);
  await recordAudit(scope.trx, scope.actor, {
    action: 'read',
    entityType: 'AuditEvent',
    patientId: f.patientId ?? null,
    details: { filters, count: items.length },
  });
  return { items, nextCursor };
}
