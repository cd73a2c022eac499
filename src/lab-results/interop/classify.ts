import { type LabObservation, type LabReport } from './model.js';

/**
 * Normal / abnormal / critical classification of results.
 *
 * Flags come first: LL, HH and AA are critical; L, H, A, < and > abnormal; N normal. Tenants'
 * critical ranges (per LOINC code) are applied to numeric values as well, and the worse of the two
 * verdicts wins: critical-value lists are the organisation's policy (NPSG.02.03.01), and a lab that
 * flags a value only H must not hide that the organisation treats it as critical. Critical limits
 * are inclusive (value <= criticalLow or >= criticalHigh); reference limits are exclusive (the
 * bounds themselves are normal). The stricter reading is the default wherever there is a choice.
 *
 * A range is in the units it was entered in. A value reported in other units (mg/dL against a
 * mmol/L range) is not compared with it — the numbers would mean nothing — and is classified at
 * least abnormal, so a clinician reviews it instead of it passing as normal.
 */

export type ResultClassification = 'normal' | 'abnormal' | 'critical';

export interface CriticalRange {
  low?: number;
  high?: number;
  criticalLow?: number;
  criticalHigh?: number;
  /** The units the limits are in (UCUM, as the lab sends them in OBX-6); unset: compared whatever the value's units. */
  units?: string;
}

/** Keyed by LOINC code. */
export type CriticalRanges = Readonly<Record<string, CriticalRange>>;

const CRITICAL_FLAGS = new Set(['LL', 'HH', 'AA']);
const ABNORMAL_FLAGS = new Set(['L', 'H', 'A', '<', '>']);
const SEVERITY: Readonly<Record<ResultClassification, number>> = { normal: 0, abnormal: 1, critical: 2 };

export function worstOf(classifications: ResultClassification[]): ResultClassification {
  return classifications.reduce<ResultClassification>(
    (worst, next) => (SEVERITY[next] > SEVERITY[worst] ? next : worst),
    'normal',
  );
}

function fromFlags(flags: string[]): ResultClassification {
  const normalised = flags.map((flag) => flag.trim().toUpperCase());
  if (normalised.some((flag) => CRITICAL_FLAGS.has(flag))) {
    return 'critical';
  }
  return normalised.some((flag) => ABNORMAL_FLAGS.has(flag)) ? 'abnormal' : 'normal';
}

/**
 * Bounds the true value is known to lie within: an exact number, or for "<x"/">x" the open side.
 * Ranges and ratios are not single measurements and are not range-checked.
 */
function knownBounds(observation: LabObservation): { atMost?: number; atLeast?: number } | undefined {
  const value = observation.value;
  if (value?.kind === 'numeric') {
    return { atMost: value.value, atLeast: value.value };
  }
  if (value?.kind !== 'structured-numeric' || value.value1 === undefined || value.value2 !== undefined) {
    return undefined;
  }
  switch (value.comparator) {
    case undefined:
    case '=':
      return { atMost: value.value1, atLeast: value.value1 };
    case '<':
    case '<=':
      return { atMost: value.value1 };
    case '>':
    case '>=':
      return { atLeast: value.value1 };
    default:
      return undefined;
  }
}

/** Units compared as labs write them, ignoring case and spaces ("mmol/L" = "mmol/l"). */
const sameUnits = (a: string, b: string) => a.replace(/\s+/g, '').toLowerCase() === b.replace(/\s+/g, '').toLowerCase();

function fromRange(observation: LabObservation, range: CriticalRange | undefined): ResultClassification {
  const bounds = range && knownBounds(observation);
  if (range === undefined || bounds === undefined) {
    return 'normal';
  }
  if (range.units && observation.units && !sameUnits(range.units, observation.units)) {
    return 'abnormal';
  }
  const { atMost, atLeast } = bounds;
  const isBelow = (limit: number | undefined, inclusive: boolean): boolean =>
    limit !== undefined && atMost !== undefined && (inclusive ? atMost <= limit : atMost < limit);
  const isAbove = (limit: number | undefined, inclusive: boolean): boolean =>
    limit !== undefined && atLeast !== undefined && (inclusive ? atLeast >= limit : atLeast > limit);
  if (isBelow(range.criticalLow, true) || isAbove(range.criticalHigh, true)) {
    return 'critical';
  }
  return isBelow(range.low, false) || isAbove(range.high, false) ? 'abnormal' : 'normal';
}

export function classifyObservation(observation: LabObservation, criticalRanges: CriticalRanges = {}): ResultClassification {
  const range = Object.hasOwn(criticalRanges, observation.code) ? criticalRanges[observation.code] : undefined;
  return worstOf([fromFlags(observation.abnormalFlags), fromRange(observation, range)]);
}

/** A report is as severe as its worst observation. */
export function classifyReport(report: LabReport, criticalRanges: CriticalRanges = {}): ResultClassification {
  return worstOf(report.observations.map((observation) => classifyObservation(observation, criticalRanges)));
}
