import { type Knex } from 'knex';
import { type AccessScope } from '../../authz/request-scope.js';
import { assertCan } from '../../authz/assert-can.js';
import { recordAudit } from '../../audit/record-audit.js';
import { type Config } from '../../config/config.js';
import { type SettingsUpdateInput } from './clinical-data-schemas.js';

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

type Row = Record<string, unknown>;
type Defaults = Config['prescriptions'];

export async function effectiveSettings(trx: Knex.Transaction, defaults: Defaults): Promise<PrescriptionSettings> {
  const row = (await trx('prescription_settings').first()) as Row | undefined;
  const pick = (column: string, fallback: number) => (row?.[column] == null ? fallback : Number(row[column]));
  return {
    protocolEnabled: (row?.protocol_enabled as boolean | undefined) ?? false,
    protocolRxcuis: (row?.protocol_rxcuis as string[] | undefined) ?? [],
    protocolDepartmentId: (row?.protocol_department_id as string | null | undefined) ?? null,
    remindAfterSeconds: pick('remind_after_seconds', defaults.remindAfterSeconds),
    escalateAfterSeconds: pick('escalate_after_seconds', defaults.escalateAfterSeconds),
    newRequestExpirySeconds: pick('new_request_expiry_seconds', defaults.newRequestExpirySeconds),
    refillExpirySeconds: pick('refill_expiry_seconds', defaults.refillExpirySeconds),
  };
}

export async function readSettings(scope: AccessScope, defaults: Defaults): Promise<PrescriptionSettings> {
  assertCan(scope.ability, 'read', 'PrescriptionSettings', { tenantId: scope.actor.tenantId });
  return effectiveSettings(scope.trx, defaults);
}

export async function updateSettings(scope: AccessScope, defaults: Defaults, input: SettingsUpdateInput): Promise<PrescriptionSettings> {
  assertCan(scope.ability, 'update', 'PrescriptionSettings', { tenantId: scope.actor.tenantId });
  const columns: Row = {};
  if (input.protocolEnabled !== undefined) columns.protocol_enabled = input.protocolEnabled;
  if (input.protocolRxcuis !== undefined) columns.protocol_rxcuis = [...new Set(input.protocolRxcuis)];
  if (input.protocolDepartmentId !== undefined) columns.protocol_department_id = input.protocolDepartmentId;
  if (input.remindAfterSeconds !== undefined) columns.remind_after_seconds = input.remindAfterSeconds;
  if (input.escalateAfterSeconds !== undefined) columns.escalate_after_seconds = input.escalateAfterSeconds;
  if (input.newRequestExpirySeconds !== undefined) columns.new_request_expiry_seconds = input.newRequestExpirySeconds;
  if (input.refillExpirySeconds !== undefined) columns.refill_expiry_seconds = input.refillExpirySeconds;
  await scope.trx('prescription_settings')
    .insert({ tenant_id: scope.actor.tenantId, ...columns })
    .onConflict('tenant_id')
    .merge({ ...columns, updated_at: scope.trx.fn.now() });
  await recordAudit(scope.trx, scope.actor, { action: 'update', entityType: 'PrescriptionSettings', entityId: scope.actor.tenantId, details: { fields: Object.keys(input) } });
  return effectiveSettings(scope.trx, defaults);
}
