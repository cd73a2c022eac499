/**
 * Drug–allergy screening. An allergy entry is resolved to the ingredients and allergy groups it
 * stands for; the prescribed drug then matches it directly (high), through a shared group such as
 * "penicillins" (high), or through a cross-reactivity rule such as penicillins → cephalosporins
 * (that rule's severity, moderate for beta-lactams).
 */
import { type DrugKnowledgeBase, type KbDrug } from '../knowledge-base/index.js';
import { type AllergyEntry, type Finding } from './types.js';

export interface Allergen {
  label: string;
  /** Set when the entry names one drug, so the finding can point at it. */
  rxcui?: string;
  ingredients: Set<string>;
  groups: Set<string>;
}

function fromDrug(drug: KbDrug): Allergen {
  return { label: drug.name, rxcui: drug.rxcui, ingredients: new Set(drug.ingredients), groups: new Set(drug.allergyGroups) };
}

export function resolveAllergen(kb: DrugKnowledgeBase, substance: string): Allergen | undefined {
  if (/^\d+$/.test(substance.trim())) {
    const drug = kb.drug(substance.trim());
    return drug ? fromDrug(drug) : undefined;
  }
  const match = kb.findByName(substance);
  if (!match) return undefined;
  if (match.kind === 'drug') return fromDrug(match.drug);
  if (match.kind === 'allergy-group') return { label: match.group.name, ingredients: new Set(), groups: new Set([match.group.id]) };
  // A class allergy covers the class's single ingredients; combination products are reached
  // through those ingredients rather than pulling in their other components.
  const members = kb.classMembers(match.drugClass.id).filter((d) => d.termType === 'IN');
  return {
    label: match.drugClass.name,
    ingredients: new Set(members.map((d) => d.rxcui)),
    groups: new Set(members.flatMap((d) => d.allergyGroups)),
  };
}

function names(kb: DrugKnowledgeBase, rxcuis: string[]): string {
  return rxcuis.map((r) => kb.drug(r)?.name ?? r).join(', ');
}

function screenOne(kb: DrugKnowledgeBase, drug: KbDrug, allergen: Allergen): Finding[] {
  const involved = allergen.rxcui && allergen.rxcui !== drug.rxcui ? [drug.rxcui, allergen.rxcui] : [drug.rxcui];
  const shared = drug.ingredients.filter((r) => allergen.ingredients.has(r));
  if (shared.length > 0) {
    const direct = allergen.rxcui !== undefined;
    const why = direct
      ? `${drug.name} contains ${names(kb, shared)}`
      : drug.termType === 'IN'
        ? `${drug.name} is in that class`
        : `${drug.name} contains ${names(kb, shared)}, which is in that class`;
    return [
      {
        kind: 'drug-allergy',
        severity: 'high',
        code: direct ? 'ALLERGY_INGREDIENT_MATCH' : 'ALLERGY_CLASS_MATCH',
        message: `Recorded allergy to ${allergen.label}: ${why}.`,
        involved,
      },
    ];
  }
  const sharedGroups = drug.allergyGroups.filter((g) => allergen.groups.has(g));
  if (sharedGroups.length > 0) {
    const groupNames = sharedGroups.map((g) => kb.allergyGroup(g)?.name ?? g).join(', ');
    return [
      {
        kind: 'drug-allergy',
        severity: 'high',
        code: 'ALLERGY_CLASS_MATCH',
        message: `Recorded allergy to ${allergen.label}: ${drug.name} is in the same allergy class (${groupNames}).`,
        involved,
      },
    ];
  }
  return [...allergen.groups].flatMap((group) =>
    kb
      .crossReactivityFrom(group)
      .filter((rule) => drug.allergyGroups.includes(rule.crossReactsWith))
      .map(
        (rule): Finding => ({
          kind: 'allergy-class-cross-reactivity',
          severity: rule.severity,
          code: `ALLERGY_CROSS_REACTIVITY:${rule.id}`,
          message: `Recorded allergy to ${allergen.label}; ${drug.name} may cross-react. ${rule.explanation}`,
          involved,
          reference: rule.source,
        }),
      ),
  );
}

export function screenAllergies(kb: DrugKnowledgeBase, drug: KbDrug, allergies: readonly AllergyEntry[]): Finding[] {
  return allergies.flatMap((entry, index) => {
    const allergen = resolveAllergen(kb, entry.substance);
    if (allergen) return screenOne(kb, drug, allergen);
    // The free text is not echoed: it is patient-entered content, and the position is enough
    // for the prescriber to find it.
    return [
      {
        kind: 'unknown-drug',
        severity: 'moderate',
        code: 'ALLERGY_SUBSTANCE_UNRECOGNISED',
        message: `Allergy entry ${index + 1} could not be matched to the drug knowledge base and was not screened; review it manually.`,
        involved: [drug.rxcui],
      },
    ];
  });
}
