import { fn } from 'objection';
import { accessibleWhere } from '../../authz/accessible-where.js';
import { type AccessScope } from '../../authz/request-scope.js';
import { recordAudit } from '../../audit/record-audit.js';
import { validationFailed } from '../../errors/app-error.js';
import { type LabPolicy, timingsFrom } from './lab-settings.js';
import { LabSettings } from './lab-settings-model.js';

type ReviewClass = keyof LabPolicy['reviewDueSeconds'];

/** What the tenant has set (null: the default applies). */
export interface LabSettingsOverrides {
  criticalAckDeadlineSeconds: number | null;
  escalationStepSeconds: [number, number, number] | null;
  reviewDueSeconds: Partial<Record<ReviewClass, number>>;
  reconciliationDueSeconds: number | null;
  rawMessageRetentionDays: number | null;
}

/** The deployment's defaults (configuration), which a tenant's overrides replace. */
export interface LabSettingsDefaults {
  criticalAckDeadlineSeconds: number;
  rawMessageRetentionDays: number;
}

/** The policy in force (defaults filled in) and what the tenant overrides. */
export type LabSettingsView = Omit<LabPolicy, 'criticalRanges'> & {
  rawMessageRetentionDays: number;
  overrides: LabSettingsOverrides;
  updatedAt: string | null;
};

/** A change: a value sets it, `null` goes back to the default, an absent field stays as it is. */
export interface LabSettingsPatch {
  criticalAckDeadlineSeconds?: number | null;
  escalationStepSeconds?: [number, number, number] | null;
  reviewDueSeconds?: Partial<Record<ReviewClass, number | null>>;
  reconciliationDueSeconds?: number | null;
  rawMessageRetentionDays?: number | null;
}

function overridesOf(row: LabSettings | undefined): LabSettingsOverrides {
  const steps = row?.escalationStepSeconds;
  return {
    criticalAckDeadlineSeconds: row?.criticalAckDeadlineSeconds ?? null,
    escalationStepSeconds: steps && steps.length === 3 ? [steps[0]!, steps[1]!, steps[2]!] : null,
    reviewDueSeconds: { ...row?.reviewDueSeconds },
    reconciliationDueSeconds: row?.reconciliationDueSeconds ?? null,
    rawMessageRetentionDays: row?.rawMessageRetentionDays ?? null,
  };
}

function viewOf(row: LabSettings | undefined, defaults: LabSettingsDefaults): LabSettingsView {
  return {
    ...timingsFrom(row, defaults.criticalAckDeadlineSeconds),
    rawMessageRetentionDays: row?.rawMessageRetentionDays ?? defaults.rawMessageRetentionDays,
    overrides: overridesOf(row),
    updatedAt: row?.updatedAt ?? null,
  };
}

function applyPatch(current: LabSettingsOverrides, patch: LabSettingsPatch): LabSettingsOverrides {
  const reviewDueSeconds = { ...current.reviewDueSeconds };
  for (const [key, value] of Object.entries(patch.reviewDueSeconds ?? {}) as [ReviewClass, number | null | undefined][]) {
    if (value === null) delete reviewDueSeconds[key];
    else if (value !== undefined) reviewDueSeconds[key] = value;
  }
  const pick = <K extends 'criticalAckDeadlineSeconds' | 'escalationStepSeconds' | 'reconciliationDueSeconds' | 'rawMessageRetentionDays'>(key: K) =>
    patch[key] === undefined ? current[key] : (patch[key] as LabSettingsOverrides[K]);
  return {
    criticalAckDeadlineSeconds: pick('criticalAckDeadlineSeconds'),
    escalationStepSeconds: pick('escalationStepSeconds'),
    reviewDueSeconds,
    reconciliationDueSeconds: pick('reconciliationDueSeconds'),
    rawMessageRetentionDays: pick('rawMessageRetentionDays'),
  };
}

/** The keys a patch changes, for the audit trail (`reviewDueSeconds.normal`…). */
function changedKeys(patch: LabSettingsPatch): string[] {
  return Object.entries(patch).flatMap(([key, value]) =>
    key === 'reviewDueSeconds' && value ? Object.keys(value as object).map((inner) => `${key}.${inner}`) : value === undefined ? [] : [key],
  );
}

/**
 * Explicit escalation steps must bring the whole chain in before the deadline: the department
 * lead, the last level, is alerted after all three steps. (The default steps always do.)
 */
function chainProblems(overrides: LabSettingsOverrides, patch: LabSettingsPatch, defaultAckDeadlineSeconds: number) {
  const steps = overrides.escalationStepSeconds;
  const touched = patch.escalationStepSeconds !== undefined || patch.criticalAckDeadlineSeconds !== undefined;
  if (!touched || !steps) return [];
  const deadline = overrides.criticalAckDeadlineSeconds ?? defaultAckDeadlineSeconds;
  const total = steps[0] + steps[1] + steps[2];
  if (total < deadline) return [];
  const pointer = patch.escalationStepSeconds !== undefined ? '/body/escalationStepSeconds' : '/body/criticalAckDeadlineSeconds';
  return [{ pointer, detail: `the escalation steps add up to ${total} s, which must be less than the acknowledgement deadline (${deadline} s)` }];
}

export async function getLabSettings(scope: AccessScope, defaults: LabSettingsDefaults): Promise<LabSettingsView> {
  const row = await LabSettings.query(scope.trx).where(accessibleWhere(scope.ability, 'read', 'LabSettings')).first();
  return viewOf(row, defaults);
}

/** Applies to the next result routed (the policy is read per revision). Audited by key, values not logged. */
export async function patchLabSettings(scope: AccessScope, defaults: LabSettingsDefaults, patch: LabSettingsPatch): Promise<LabSettingsView> {
  const tenantId = scope.actor.tenantId;
  // Locked, so two concurrent changes to review times do not lose one another.
  const current = await LabSettings.query(scope.trx).where(accessibleWhere(scope.ability, 'update', 'LabSettings')).forUpdate().first();
  const next = applyPatch(overridesOf(current), patch);
  const problems = chainProblems(next, patch, defaults.criticalAckDeadlineSeconds);
  if (problems.length > 0) throw validationFailed(problems, 'The escalation chain would not be complete before the acknowledgement deadline.');
  const saved = await LabSettings.query(scope.trx)
    .insert({ tenantId, ...next })
    .onConflict('tenant_id')
    .merge({ ...next, updatedAt: fn.now() })
    .returning('*');
  await recordAudit(scope.trx, scope.actor, { action: 'update', entityType: 'LabSettings', entityId: tenantId, details: { fields: changedKeys(patch) } });
  return viewOf(saved, defaults);
}
