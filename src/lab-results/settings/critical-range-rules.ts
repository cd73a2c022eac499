/** A tenant's limits for one LOINC code; null where the tenant sets none. */
export interface RangeLimits {
  low: number | null;
  high: number | null;
  criticalLow: number | null;
  criticalHigh: number | null;
}

/** Increasing order; classification reads critical limits inclusively and reference limits exclusively. */
const ORDER = ['criticalLow', 'low', 'high', 'criticalHigh'] as const;

export interface FieldProblem {
  pointer: string;
  detail: string;
}

/**
 * What is wrong with a range's ordering (critical low ≤ low ≤ high ≤ critical high, for the limits
 * given), as field problems for a 422. Equal critical limits are refused too: every value would be
 * critical.
 */
export function rangeOrderingProblems(range: RangeLimits): FieldProblem[] {
  const present = ORDER.filter((limit) => range[limit] !== null);
  const problems: FieldProblem[] = [];
  present.slice(1).forEach((limit, index) => {
    const below = present[index]!;
    if (range[limit]! < range[below]!) problems.push({ pointer: `/body/${limit}`, detail: `must not be less than ${below}` });
  });
  if (range.criticalLow !== null && range.criticalHigh !== null && range.criticalLow >= range.criticalHigh) {
    problems.push({ pointer: '/body/criticalHigh', detail: 'must be greater than criticalLow (otherwise every value is critical)' });
  }
  return problems;
}
