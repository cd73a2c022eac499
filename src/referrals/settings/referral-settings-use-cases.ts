import { type Knex } from 'knex';
import { assertCan } from '../../authz/assert-can.js';
import { withRequestTenant } from '../../authz/request-scope.js';
import { recordAudit } from '../../audit/record-audit.js';
import { readTenantSettings, replaceTenantSettingsGroup } from '../../registry/tenant/settings-group.js';
import { referralSettingsOf, referralSettingsView, type ReferralSettingsInput } from './referral-settings.js';

/** The referral SLAs, calendar and scheduling mode in force (defaults where the tenant set nothing). */
export function getReferralSettings(db: Knex): Promise<ReferralSettingsInput> {
  return withRequestTenant(db, async ({ trx, actor, ability }) => {
    assertCan(ability, 'read', 'ReferralSettings', { tenantId: actor.tenantId });
    return referralSettingsView(referralSettingsOf(await readTenantSettings(trx, actor.tenantId)));
  });
}

/**
 * Replaces the referral settings (only `tenants.settings.referrals`). A stage's SLA applies from the
 * next stage that starts: deadlines already running keep theirs. Audited with the SLAs set.
 */
export function putReferralSettings(db: Knex, settings: ReferralSettingsInput): Promise<ReferralSettingsInput> {
  return withRequestTenant(db, async ({ trx, actor, ability }) => {
    assertCan(ability, 'update', 'ReferralSettings', { tenantId: actor.tenantId });
    await replaceTenantSettingsGroup(trx, actor.tenantId, 'referrals', settings);
    const overridden = Object.entries(settings.sla).flatMap(([stage, urgencies]) => Object.keys(urgencies ?? {}).map((urgency) => `${stage}.${urgency}`));
    await recordAudit(trx, actor, { action: 'update', entityType: 'ReferralSettings', entityId: actor.tenantId, details: { sla: overridden, scheduling: settings.scheduling } });
    return referralSettingsView(referralSettingsOf({ referrals: settings }));
  });
}
