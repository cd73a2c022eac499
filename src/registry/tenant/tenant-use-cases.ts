import { fn, type PartialModelObject } from 'objection';
import { accessibleWhere } from '../../authz/accessible-where.js';
import { assertCan, notVisible } from '../../authz/assert-can.js';
import { type AccessScope } from '../../authz/request-scope.js';
import { recordAudit } from '../../audit/record-audit.js';
import { Tenant } from './tenant-model.js';
import { mergeSettings, type TenantUpdateInput } from './tenant-settings.js';

export interface TenantRecord {
  id: string;
  slug: string;
  name: string;
  timezone: string;
  locale: string;
  settings: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/** Every session may read tenants (login needs the slug), so the caller's own tenant is selected explicitly. */
async function ownTenant(scope: AccessScope, action: 'read' | 'update'): Promise<TenantRecord> {
  const tenant = await Tenant.query(scope.trx)
    .where(accessibleWhere(scope.ability, 'read', 'Tenant', { columns: { tenantId: 'id' } }))
    .findById(scope.actor.tenantId);
  if (!tenant) throw notVisible(action, 'Tenant', scope.actor.tenantId);
  assertCan(scope.ability, action, 'Tenant', { tenantId: tenant.id, id: tenant.id });
  return tenant.toRecord<TenantRecord>();
}

export async function getTenant(scope: AccessScope): Promise<TenantRecord> {
  return ownTenant(scope, 'read');
}

/** Settings changes can change who needs MFA and when sessions end, so each is audited by key. */
export async function updateTenant(scope: AccessScope, changes: TenantUpdateInput): Promise<TenantRecord> {
  const current = await ownTenant(scope, 'update');
  const fields: PartialModelObject<Tenant> = {};
  if (changes.name !== undefined) fields.name = changes.name;
  if (changes.timezone !== undefined) fields.timezone = changes.timezone;
  if (changes.locale !== undefined) fields.locale = changes.locale;
  const changedSettings: string[] = [];
  if (changes.settings) {
    fields.settings = mergeSettings(current.settings ?? {}, changes.settings);
    for (const [group, value] of Object.entries(changes.settings)) {
      if (value && typeof value === 'object') changedSettings.push(...Object.keys(value).map((k) => `${group}.${k}`));
      else changedSettings.push(group);
    }
  }
  const [updated] = await Tenant.query(scope.trx)
    .patch({ ...fields, updatedAt: fn.now() })
    .where('id', scope.actor.tenantId)
    .returning('*');
  await recordAudit(scope.trx, scope.actor, {
    action: changedSettings.some((k) => k.startsWith('auth.')) ? 'privilege-change' : 'update',
    entityType: 'Tenant',
    entityId: scope.actor.tenantId,
    details: { fields: Object.keys(fields).filter((k) => k !== 'settings'), settings: changedSettings },
  });
  return updated!.toRecord<TenantRecord>();
}
