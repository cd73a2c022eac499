import { type Knex } from 'knex';
import { fn, raw } from 'objection';
import { assertCan } from '../authz/assert-can.js';
import { withRequestTenant } from '../authz/request-scope.js';
import { recordAudit } from '../audit/record-audit.js';
import { Tenant } from '../registry/tenant/tenant-model.js';
import { appointmentSettingsOf, type AppointmentSettingsInput } from './settings.js';

/** The tenant's reminder plan and no-show rules (the defaults where the tenant set nothing). */
export function getAppointmentSettings(db: Knex): Promise<AppointmentSettingsInput> {
  return withRequestTenant(db, async ({ trx, actor, ability }) => {
    assertCan(ability, 'read', 'AppointmentSettings', { tenantId: actor.tenantId });
    const tenant = await Tenant.query(trx).select('settings').findById(actor.tenantId);
    return appointmentSettingsOf(tenant?.settings);
  });
}

/**
 * Replaces the appointment settings. Only this key of `tenants.settings` is written (jsonb_set in
 * the database, not read-modify-write here), so other features' settings are untouched. Workflows
 * already running keep the plan they started with.
 */
export function putAppointmentSettings(db: Knex, settings: AppointmentSettingsInput): Promise<AppointmentSettingsInput> {
  return withRequestTenant(db, async ({ trx, actor, ability }) => {
    assertCan(ability, 'update', 'AppointmentSettings', { tenantId: actor.tenantId });
    await Tenant.query(trx)
      .patch({ settings: raw("jsonb_set(coalesce(settings, '{}'::jsonb), '{appointments}', ?::jsonb)", [JSON.stringify(settings)]), updatedAt: fn.now() })
      .where('id', actor.tenantId);
    await recordAudit(trx, actor, { action: 'update', entityType: 'AppointmentSettings', entityId: actor.tenantId, details: { steps: settings.reminderPlan.map((s) => s.id) } });
    return settings;
  });
}
