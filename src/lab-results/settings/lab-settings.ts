import { type Knex } from 'knex';
import { type CriticalRanges } from '../interop/index.js';
import { LabCriticalRange, LabSettings } from './lab-settings-model.js';

/**
 * A tenant's lab-result policy: how long a clinician has to acknowledge a critical result, how
 * long each escalation level waits, and when review tasks are due. Tenants override the defaults
 * in `lab_settings`; critical-value ranges per LOINC code live in `lab_critical_ranges`.
 */
export interface LabPolicy {
  criticalAckDeadlineSeconds: number;
  /**
   * How long each level of the critical chain has before the next is alerted: ordering physician,
   * covering physician, department on-call. The department lead is the last level.
   */
  escalationStepSeconds: [number, number, number];
  reviewDueSeconds: { normal: number; abnormal: number; critical: number };
  reconciliationDueSeconds: number;
  criticalRanges: CriticalRanges;
}

const DEFAULT_REVIEW_DUE = { normal: 3 * 86_400, abnormal: 86_400, critical: 4 * 3600 };
const DEFAULT_RECONCILIATION_DUE = 4 * 3600;

/**
 * By default the whole chain is alerted within the deadline: each of the three levels before the
 * department lead gets a quarter of it, so the lead is alerted at three quarters.
 */
export function defaultEscalationSteps(deadlineSeconds: number): [number, number, number] {
  const step = Math.max(1, Math.floor(deadlineSeconds / 4));
  return [step, step, step];
}

/** The policy without the ranges: the tenant's overrides (if any) over the defaults. */
export function timingsFrom(settings: LabSettings | undefined, defaultAckDeadlineSeconds: number): Omit<LabPolicy, 'criticalRanges'> {
  const deadline = settings?.criticalAckDeadlineSeconds ?? defaultAckDeadlineSeconds;
  const steps = settings?.escalationStepSeconds;
  const escalationStepSeconds: [number, number, number] =
    steps && steps.length === 3 ? [steps[0]!, steps[1]!, steps[2]!] : defaultEscalationSteps(deadline);
  return {
    criticalAckDeadlineSeconds: deadline,
    escalationStepSeconds,
    reviewDueSeconds: { ...DEFAULT_REVIEW_DUE, ...settings?.reviewDueSeconds },
    reconciliationDueSeconds: settings?.reconciliationDueSeconds ?? DEFAULT_RECONCILIATION_DUE,
  };
}

/** Read for every revision routed, so a change applies to the next result. */
export async function loadLabPolicy(trx: Knex.Transaction, defaultAckDeadlineSeconds: number): Promise<LabPolicy> {
  const [settings, ranges] = await Promise.all([
    LabSettings.query(trx).first(),
    LabCriticalRange.query(trx).select('loinc_code', 'low', 'high', 'critical_low', 'critical_high', 'units'),
  ]);
  return {
    ...timingsFrom(settings, defaultAckDeadlineSeconds),
    criticalRanges: Object.fromEntries(
      ranges.map((r) => [
        r.loincCode,
        {
          low: r.low ?? undefined,
          high: r.high ?? undefined,
          criticalLow: r.criticalLow ?? undefined,
          criticalHigh: r.criticalHigh ?? undefined,
          units: r.units ?? undefined,
        },
      ]),
    ),
  };
}

export interface LabSettingsInput {
  criticalAckDeadlineSeconds?: number;
  escalationStepSeconds?: [number, number, number];
  reviewDueSeconds?: Partial<LabPolicy['reviewDueSeconds']>;
  reconciliationDueSeconds?: number;
}

/** Writes a tenant's overrides (administration, demo seed and tests), inside its tenant transaction. */
export async function saveLabSettings(trx: Knex.Transaction, tenantId: string, input: LabSettingsInput): Promise<void> {
  await LabSettings.query(trx)
    .insert({
      tenantId,
      criticalAckDeadlineSeconds: input.criticalAckDeadlineSeconds ?? null,
      escalationStepSeconds: input.escalationStepSeconds ?? null,
      reviewDueSeconds: input.reviewDueSeconds ?? {},
      reconciliationDueSeconds: input.reconciliationDueSeconds ?? null,
    })
    .onConflict('tenant_id')
    .merge();
}
