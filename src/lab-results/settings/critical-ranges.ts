import { accessibleWhere } from '../../authz/accessible-where.js';
import { notVisible } from '../../authz/assert-can.js';
import { type AccessScope } from '../../authz/request-scope.js';
import { recordAudit } from '../../audit/record-audit.js';
import { validationFailed } from '../../errors/app-error.js';
import { rangeOrderingProblems, type RangeLimits } from './critical-range-rules.js';
import { LabCriticalRange } from './lab-settings-model.js';

/** A tenant's limits for one LOINC code, as the API shows them. */
export interface CriticalRangeRecord extends RangeLimits {
  loincCode: string;
  /** What the limits are in; informational (classification compares the numbers as sent). */
  units: string | null;
}

export type CriticalRangeInput = Partial<RangeLimits> & { units?: string | null };

const COLUMNS = ['loinc_code', 'low', 'high', 'critical_low', 'critical_high', 'units'];

export async function listCriticalRanges(scope: AccessScope): Promise<CriticalRangeRecord[]> {
  const ranges = await LabCriticalRange.query(scope.trx)
    .where(accessibleWhere(scope.ability, 'read', 'LabCriticalRange'))
    .select(COLUMNS)
    .orderBy('loinc_code');
  return ranges.map((range) => range.toRecord<CriticalRangeRecord>());
}

/**
 * Sets (creates or replaces) the range of one code; a limit left out is none. Read by the next
 * result classified: the policy is loaded for every revision routed.
 */
export async function putCriticalRange(scope: AccessScope, loincCode: string, input: CriticalRangeInput): Promise<CriticalRangeRecord> {
  const limits: RangeLimits = { low: input.low ?? null, high: input.high ?? null, criticalLow: input.criticalLow ?? null, criticalHigh: input.criticalHigh ?? null };
  const problems = rangeOrderingProblems(limits);
  if (problems.length > 0) throw validationFailed(problems, 'The limits must satisfy critical low ≤ low ≤ high ≤ critical high.');
  const existing = await LabCriticalRange.query(scope.trx)
    .where(accessibleWhere(scope.ability, 'update', 'LabCriticalRange'))
    .where('loinc_code', loincCode)
    .select('loinc_code')
    .first();
  const fields = { ...limits, units: input.units ?? null };
  const saved = await LabCriticalRange.query(scope.trx)
    .insert({ tenantId: scope.actor.tenantId, loincCode, ...fields })
    .onConflict(['tenant_id', 'loinc_code'])
    .merge(fields)
    .returning(COLUMNS);
  await recordAudit(scope.trx, scope.actor, { action: existing ? 'update' : 'create', entityType: 'LabCriticalRange', entityId: loincCode });
  // The insert's own fields (tenantId) are merged into what it returns: pick the record's.
  const { low, high, criticalLow, criticalHigh, units } = saved.toRecord<CriticalRangeRecord>();
  return { loincCode, low, high, criticalLow, criticalHigh, units };
}

export async function deleteCriticalRange(scope: AccessScope, loincCode: string): Promise<void> {
  const deleted = await LabCriticalRange.query(scope.trx)
    .where(accessibleWhere(scope.ability, 'delete', 'LabCriticalRange'))
    .where('loinc_code', loincCode)
    .delete();
  if (deleted === 0) throw notVisible('delete', 'LabCriticalRange', loincCode);
  await recordAudit(scope.trx, scope.actor, { action: 'delete', entityType: 'LabCriticalRange', entityId: loincCode });
}
