/**
 * Dose-range screening against the knowledge base's usual adult range for the prescribed route:
 * above the maximum single, daily or weekly dose is high (it needs an override reason), below
 * the minimum is low. Weekly totals catch the classic daily-instead-of-weekly methotrexate error.
 */
import { type DoseRange, type DrugKnowledgeBase, type KbDrug } from '../knowledge-base/index.js';
import { type Finding, type PrescribedMedication } from './types.js';

// Doses are decimals such as 0.3 mg; a rounding residue must not raise a finding.
const EPSILON = 1e-9;
const above = (value: number, limit: number) => value > limit * (1 + EPSILON);
const below = (value: number, limit: number) => value < limit * (1 - EPSILON);
const mg = (value: number) => `${Number(value.toFixed(3))} mg`;

function selectRange(drug: KbDrug, med: PrescribedMedication): DoseRange | 'route-needed' | undefined {
  const route = med.route;
  if (route) return drug.doseRanges.find((r) => r.routes.includes(route));
  if (drug.doseRanges.length === 1) return drug.doseRanges[0];
  return drug.doseRanges.length > 1 ? 'route-needed' : undefined;
}

export function screenDose(kb: DrugKnowledgeBase, drug: KbDrug, med: PrescribedMedication): Finding[] {
  const findings: Finding[] = [];
  const finding = (severity: Finding['severity'], code: string, message: string): Finding => ({
    kind: 'dose-range',
    severity,
    code,
    message,
    involved: [drug.rxcui],
  });

  if (med.route && !drug.routes.includes(med.route)) {
    findings.push(finding('moderate', 'ROUTE_NOT_LISTED', `${drug.name} is not usually given by the ${med.route} route (listed: ${drug.routes.join(', ')}).`));
  }
  if (med.doseMg === undefined) return findings;

  const range = selectRange(drug, med);
  if (range === 'route-needed') {
    findings.push(finding('low', 'DOSE_NOT_CHECKED_ROUTE_UNSPECIFIED', `${drug.name} has route-specific dose ranges; give the route to have the dose checked.`));
    return findings;
  }
  if (!range) return findings;

  const basis = range.basisRxcui ? ` (as ${kb.drug(range.basisRxcui)?.name ?? range.basisRxcui})` : '';
  const note = range.note ? ` ${range.note}` : '';
  const dose = med.doseMg;
  const daily = med.dosesPerDay !== undefined ? dose * med.dosesPerDay : undefined;
  const weekly = med.dosesPerWeek !== undefined ? dose * med.dosesPerWeek : daily !== undefined ? daily * 7 : undefined;

  if (above(dose, range.maxPerDose)) {
    findings.push(finding('high', 'DOSE_ABOVE_MAX_SINGLE', `A dose of ${mg(dose)}${basis} of ${drug.name} exceeds the usual maximum single dose of ${mg(range.maxPerDose)}.${note}`));
  }
  if (daily !== undefined && range.maxPerDay !== undefined && above(daily, range.maxPerDay)) {
    findings.push(finding('high', 'DOSE_ABOVE_MAX_DAILY', `${mg(daily)}${basis} of ${drug.name} a day exceeds the usual maximum daily dose of ${mg(range.maxPerDay)}.${note}`));
  }
  if (weekly !== undefined && range.maxPerWeek !== undefined && above(weekly, range.maxPerWeek)) {
    findings.push(finding('high', 'DOSE_ABOVE_MAX_WEEKLY', `${mg(weekly)}${basis} of ${drug.name} a week exceeds the usual maximum weekly dose of ${mg(range.maxPerWeek)}.${note}`));
  }
  if (below(dose, range.minPerDose)) {
    findings.push(finding('low', 'DOSE_BELOW_MIN_SINGLE', `A dose of ${mg(dose)}${basis} of ${drug.name} is below the usual minimum single dose of ${mg(range.minPerDose)}.`));
  }
  if (daily !== undefined && range.minPerDay !== undefined && below(daily, range.minPerDay)) {
    findings.push(finding('low', 'DOSE_BELOW_MIN_DAILY', `${mg(daily)}${basis} of ${drug.name} a day is below the usual minimum daily dose of ${mg(range.minPerDay)}.`));
  }
  return findings;
}
