import { accessibleWhere } from '../../authz/accessible-where.js';
import { assertCan, notVisible } from '../../authz/assert-can.js';
import { type AccessScope } from '../../authz/request-scope.js';
import { recordAudit } from '../../audit/record-audit.js';
import { mergeSettings, type TenantUpdateInput } from './tenant-settings.js';

type Row = Record<string, unknown>;

const toView = (r: Row) => ({
  id: r.id as string,
  slug: r.slug as string,
  name: r.name as string,
  timezone: r.timezone as string,
  locale: r.locale as string,
  settings: (r.settings as Record<string, unknown>) ?? {},
  createdAt: (r.created_at as Date).toISOString(),
  updatedAt: (r.updated_at as Date).toISOString(),
});

/** Every session may read tenants (login needs the slug), so the caller's own tenant is selected explicitly. */
async function ownTenant(scope: AccessScope, action: 'read' | 'update'): Promise<Row> {
  const row = (await scope.trx('tenants')
    .where(accessibleWhere(scope.ability, 'read', 'Tenant', { columns: { tenantId: 'id' } }))
    .andWhere({ id: scope.actor.tenantId })
    .first()) as Row | undefined;
  if (!row) throw notVisible(action, 'Tenant', scope.actor.tenantId);
  assertCan(scope.ability, action, 'Tenant', { tenantId: row.id, id: row.id });
  return row;
}

export async function getTenant(scope: AccessScope) {
  return toView(await ownTenant(scope, 'read'));
}

/** Settings changes can change who needs MFA and when sessions end, so each is audited by key. */
export async function updateTenant(scope: AccessScope, changes: TenantUpdateInput) {
  const row = await ownTenant(scope, 'update');
  const columns: Row = {};
  if (changes.name !== undefined) columns.name = changes.name;
  if (changes.timezone !== undefined) columns.timezone = changes.timezone;
  if (changes.locale !== undefined) columns.locale = changes.locale;
  const changedSettings: string[] = [];
  if (changes.settings) {
    columns.settings = JSON.stringify(mergeSettings((row.settings as Record<string, unknown>) ?? {}, changes.settings));
    for (const [group, value] of Object.entries(changes.settings)) {
      if (value && typeof value === 'object') changedSettings.push(...Object.keys(value).map((k) => `${group}.${k}`));
      else changedSettings.push(group);
    }
  }
  const [updated] = (await scope.trx('tenants')
    .where({ id: scope.actor.tenantId })
    .update({ ...columns, updated_at: scope.trx.fn.now() })
    .returning('*')) as Row[];
  await recordAudit(scope.trx, scope.actor, {
    action: changedSettings.some((k) => k.startsWith('auth.')) ? 'privilege-change' : 'update',
    entityType: 'Tenant',
    entityId: scope.actor.tenantId,
    details: { fields: Object.keys(columns).filter((k) => k !== 'settings'), settings: changedSettings },
  });
  return toView(updated!);
}
