import { type Knex } from 'knex';
import { type CriticalRanges } from '../interop/index.js';

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

interface SettingsRow {
  critical_ack_deadline_seconds: number | null;
  escalation_step_seconds: number[] | null;
  review_due_seconds: Partial<LabPolicy['reviewDueSeconds']>;
  reconciliation_due_seconds: number | null;
}

interface RangeRow {
  loinc_code: string;
  low: string | null;
  high: string | null;
  critical_low: string | null;
  critical_high: string | null;
}

const num = (value: string | null): number | undefined => (value === null ? undefined : Number(value));

/**
 * By default the whole chain is alerted within the deadline: each of the three levels before the
 * department lead gets a quarter of it, so the lead is alerted at three quarters.
 */
export function defaultEscalationSteps(deadlineSeconds: number): [number, number, number] {
  const step = Math.max(1, Math.floor(deadlineSeconds / 4));
  return [step, step, step];
}

export async function loadLabPolicy(trx: Knex.Transaction, defaultAckDeadlineSeconds: number): Promise<LabPolicy> {
  const [settings, ranges] = await Promise.all([
    trx<SettingsRow>('lab_settings').first(),
    trx<RangeRow>('lab_critical_ranges').select('loinc_code', 'low', 'high', 'critical_low', 'critical_high'),
  ]);
  const deadline = settings?.critical_ack_deadline_seconds ?? defaultAckDeadlineSeconds;
  const steps = settings?.escalation_step_seconds;
  const escalationStepSeconds: [number, number, number] =
    steps && steps.length === 3 ? [steps[0]!, steps[1]!, steps[2]!] : defaultEscalationSteps(deadline);
  return {
    criticalAckDeadlineSeconds: deadline,
    escalationStepSeconds,
    reviewDueSeconds: { ...DEFAULT_REVIEW_DUE, ...settings?.review_due_seconds },
    reconciliationDueSeconds: settings?.reconciliation_due_seconds ?? DEFAULT_RECONCILIATION_DUE,
    criticalRanges: Object.fromEntries(
      ranges.map((r) => [
        r.loinc_code,
        { low: num(r.low), high: num(r.high), criticalLow: num(r.critical_low), criticalHigh: num(r.critical_high) },
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
  await trx('lab_settings')
    .insert({
      tenant_id: tenantId,
      critical_ack_deadline_seconds: input.criticalAckDeadlineSeconds ?? null,
      escalation_step_seconds: input.escalationStepSeconds ?? null,
      review_due_seconds: JSON.stringify(input.reviewDueSeconds ?? {}),
      reconciliation_due_seconds: input.reconciliationDueSeconds ?? null,
    })
    .onConflict('tenant_id')
    .merge();
}
