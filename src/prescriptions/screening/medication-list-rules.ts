/**
 * Rules that compare the new drug with each active medication: drug–drug interactions from the
 * knowledge base's table (drug- and class-level entries alike) and duplicate therapy (a shared
 * ingredient, or a shared class that the knowledge base marks as a duplication concern).
 */
import { type DrugKnowledgeBase, type KbDrug } from '../knowledge-base/index.js';
import { type Finding } from './types.js';

export function screenInteractions(kb: DrugKnowledgeBase, drug: KbDrug, active: KbDrug): Finding[] {
  return kb.interactionsBetween(drug.rxcui, active.rxcui).map((x) => ({
    kind: 'drug-drug-interaction',
    severity: x.severity,
    code: `DDI:${x.id}`,
    message: `${drug.name} with ${active.name}: ${x.mechanism}${x.management ? ` ${x.management}` : ''}`,
    involved: [drug.rxcui, active.rxcui],
    reference: x.source,
  }));
}

export function screenDuplicateTherapy(kb: DrugKnowledgeBase, drug: KbDrug, active: KbDrug): Finding[] {
  const involved = [drug.rxcui, active.rxcui];
  const sharedIngredients = drug.ingredients.filter((r) => active.ingredients.includes(r));
  if (sharedIngredients.length > 0) {
    const names = sharedIngredients.map((r) => kb.drug(r)?.name ?? r).join(', ');
    return [
      {
        kind: 'duplicate-therapy',
        severity: 'moderate',
        code: 'DUPLICATE_INGREDIENT',
        message: `${drug.name} and the active ${active.name} both contain ${names}; check the combined dose.`,
        involved,
      },
    ];
  }
  const sharedClasses = drug.classes.filter((c) => active.classes.includes(c) && kb.therapeuticClass(c)?.duplicateTherapy);
  if (sharedClasses.length === 0) return [];
  const names = sharedClasses.map((c) => kb.therapeuticClass(c)?.name ?? c).join(', ');
  return [
    {
      kind: 'duplicate-therapy',
      severity: 'moderate',
      code: `DUPLICATE_CLASS:${sharedClasses.join('+')}`,
      message: `${drug.name} duplicates the active ${active.name} (${names}).`,
      involved,
    },
  ];
}
