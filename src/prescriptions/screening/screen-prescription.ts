/**
 * Screens one prescription draft before signing. Pure and deterministic: the same knowledge base
 * and request always give the same findings in the same order (most severe first), so findings
 * and their override reasons can be stored and compared across re-screens.
 */
import { type DrugKnowledgeBase } from '../knowledge-base/index.js';
import { screenAllergies } from './allergy-rules.js';
import { screenDose } from './dose-rules.js';
import { screenDuplicateTherapy, screenInteractions } from './medication-list-rules.js';
import { FINDING_KINDS, SEVERITY_ORDER, type Finding, type ScreeningRequest } from './types.js';

function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
    FINDING_KINDS.indexOf(a.kind) - FINDING_KINDS.indexOf(b.kind) ||
    a.code.localeCompare(b.code) ||
    a.involved.join(',').localeCompare(b.involved.join(','))
  );
}

/** The same active drug listed twice, or two routes to one rule, must not double a finding. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.kind}|${f.code}|${f.involved.join(',')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function screenPrescription(kb: DrugKnowledgeBase, request: ScreeningRequest): Finding[] {
  const { medication, allergies, activeMedications } = request;
  const drug = kb.drug(medication.rxcui);
  if (!drug) {
    // Nothing about an unknown drug can be checked, so the gap itself must block signing
    // without an explicit override.
    return [
      {
        kind: 'unknown-drug',
        severity: 'high',
        code: 'UNKNOWN_PRESCRIBED_DRUG',
        message: `RxCUI ${medication.rxcui} is not in the drug knowledge base, so allergy, interaction, duplicate-therapy and dose checks could not run.`,
        involved: [medication.rxcui],
      },
    ];
  }

  const findings: Finding[] = [...screenAllergies(kb, drug, allergies), ...screenDose(kb, drug, medication)];
  for (const { rxcui } of activeMedications) {
    const active = kb.drug(rxcui);
    if (!active) {
      findings.push({
        kind: 'unknown-drug',
        severity: 'moderate',
        code: 'UNKNOWN_ACTIVE_MEDICATION',
        message: `Active medication RxCUI ${rxcui} is not in the drug knowledge base, so ${drug.name} was not screened against it.`,
        involved: [drug.rxcui, rxcui],
      });
      continue;
    }
    findings.push(...screenInteractions(kb, drug, active), ...screenDuplicateTherapy(kb, drug, active));
  }
  return dedupe(findings).sort(compareFindings);
}

/** True when any finding is high severity: signing then needs an explicit override reason. */
export function requiresOverride(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'high');
}
