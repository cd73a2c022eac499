import { type Knex } from 'knex';
import { assertCan } from '../authz/assert-can.js';
import { withRequestTenant } from '../authz/request-scope.js';
import { recordAudit } from '../audit/record-audit.js';
import { readTenantSettings, replaceTenantSettingsGroup } from '../registry/tenant/settings-group.js';
import { appointmentSettingsOf, type AppointmentSettingsInput } from './settings.js';

/** The tenant's reminder plan and no-show rules (the defaults where the tenant set nothing). */
export function getAppointmentSettings(db: Knex): Promise<AppointmentSettingsInput> {
  return withRequestTenant(db, async ({ trx, actor, ability }) => {
    assertCan(ability, 'read', 'AppointmentSettings', { tenantId: actor.tenantId });
    return appointmentSettingsOf(await readTenantSettings(trx, actor.tenantId));
  });
}

/**
 * Replaces the appointment settings (only `tenants.settings.appointments`: other features' settings
 * are untouched). Workflows already running keep the plan they started with.
 */
export function putAppointmentSettings(db: Knex, settings: AppointmentSettingsInput): Promise<AppointmentSettingsInput> {
  return withRequestTenant(db, async ({ trx, actor, ability }) => {
    assertCan(ability, 'update', 'AppointmentSettings', { tenantId: actor.tenantId });
    await replaceTenantSettingsGroup(trx, actor.tenantId, 'appointments', settings);
    await recordAudit(trx, actor, { action: 'update', entityType: 'AppointmentSettings', entityId: actor.tenantId, details: { steps: settings.reminderPlan.map((s) => s.id) } });
    return settings;
  });
}
