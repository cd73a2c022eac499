import { type Knex } from 'knex';
import { fn } from 'objection';
import { type AccessScope } from '../../authz/request-scope.js';
import { assertCan } from '../../authz/assert-can.js';
import { recordAudit } from '../../audit/record-audit.js';
import { type Config } from '../../config/config.js';
import { type SettingsUpdateInput } from './clinical-data-schemas.js';
import { PrescriptionSetting } from './settings-model.js';

/** A tenant's prescription settings with the deployment defaults filled in. */
export interface PrescriptionSettings {
  protocolEnabled: boolean;
  protocolRxcuis: string[];
  protocolDepartmentId: string | null;
  remindAfterSeconds: number;
  escalateAfterSeconds: number;
  newRequestExpirySeconds: number;
  refillExpirySeconds: number;
}

type Defaults = Config['prescriptions'];

export async function effectiveSettings(trx: Knex.Transaction, defaults: Defaults): Promise<PrescriptionSettings> {
  const row = await PrescriptionSetting.query(trx).first();
  return {
    protocolEnabled: row?.protocolEnabled ?? false,
    protocolRxcuis: row?.protocolRxcuis ?? [],
    protocolDepartmentId: row?.protocolDepartmentId ?? null,
    remindAfterSeconds: row?.remindAfterSeconds ?? defaults.remindAfterSeconds,
    escalateAfterSeconds: row?.escalateAfterSeconds ?? defaults.escalateAfterSeconds,
    newRequestExpirySeconds: row?.newRequestExpirySeconds ?? defaults.newRequestExpirySeconds,
    refillExpirySeconds: row?.refillExpirySeconds ?? defaults.refillExpirySeconds,
  };
}

export async function readSettings(scope: AccessScope, defaults: Defaults): Promise<PrescriptionSettings> {
  assertCan(scope.ability, 'read', 'PrescriptionSettings', { tenantId: scope.actor.tenantId });
  return effectiveSettings(scope.trx, defaults);
}

export async function updateSettings(scope: AccessScope, defaults: Defaults, input: SettingsUpdateInput): Promise<PrescriptionSettings> {
  assertCan(scope.ability, 'update', 'PrescriptionSettings', { tenantId: scope.actor.tenantId });
  // Only the settings given are written; null restores a default.
  const changes = { ...input, protocolRxcuis: input.protocolRxcuis && [...new Set(input.protocolRxcuis)] };
  const fields = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
  await PrescriptionSetting.query(scope.trx)
    .insert({ ...fields, tenantId: scope.actor.tenantId })
    .onConflict('tenant_id')
    .merge({ ...fields, updatedAt: fn.now() });
  await recordAudit(scope.trx, scope.actor, { action: 'update', entityType: 'PrescriptionSettings', entityId: scope.actor.tenantId, details: { fields: Object.keys(input) } });
  return effectiveSettings(scope.trx, defaults);
}
