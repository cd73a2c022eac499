/**
 * Checks that schema validation cannot: every reference resolves, ids are unique, dose ranges are
 * unambiguous per route, and free-text names do not collide. A dangling reference would silently
 * switch off a safety rule, so it is a startup error, not a warning.
 */
import { normaliseName } from './names.js';
import { entryLabel, type KbFileNames } from './parse-files.js';
import { type DrugEntry, type InteractionParticipant, type KnowledgeBaseData } from './schema.js';

function checkUnique<T>(items: T[], key: (item: T) => string, label: (item: T, index: number) => string, problems: string[]) {
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const k = key(item);
    const first = seen.get(k);
    if (first === undefined) seen.set(k, index);
    else problems.push(`${label(item, index)}: duplicate of entry ${first} (${k})`);
  });
}

function checkDrug(drug: DrugEntry, where: string, data: KnowledgeBaseData, byRxcui: Map<string, DrugEntry>, problems: string[]) {
  const classIds = new Set(data.classes.map((c) => c.id));
  const groupIds = new Set(data.allergyGroups.map((g) => g.id));
  for (const c of drug.classes) if (!classIds.has(c)) problems.push(`${where}: classes: unknown class "${c}"`);
  for (const g of drug.allergyGroups) if (!groupIds.has(g)) problems.push(`${where}: allergyGroups: unknown allergy group "${g}"`);
  for (const ingredient of drug.ingredients ?? []) {
    const target = byRxcui.get(ingredient);
    if (!target) problems.push(`${where}: ingredients: unknown rxcui ${ingredient}`);
    else if (target.termType !== 'IN') problems.push(`${where}: ingredients: rxcui ${ingredient} is not an ingredient (IN)`);
  }
  if (drug.ingredients && new Set(drug.ingredients).size !== drug.ingredients.length) {
    problems.push(`${where}: ingredients: listed twice`);
  }
  const routesSeen = new Set<string>();
  drug.doseRanges.forEach((range, i) => {
    for (const route of range.routes) {
      if (!drug.routes.includes(route)) problems.push(`${where}: doseRanges.${i}.routes: "${route}" is not in the drug's routes`);
      if (routesSeen.has(route)) problems.push(`${where}: doseRanges.${i}.routes: "${route}" is covered by more than one dose range`);
      routesSeen.add(route);
    }
    if (drug.termType === 'MIN' && !range.basisRxcui) {
      problems.push(`${where}: doseRanges.${i}.basisRxcui: required for a combination product`);
    }
    const allowed = drug.ingredients ?? [drug.rxcui];
    if (range.basisRxcui && !allowed.includes(range.basisRxcui)) {
      problems.push(`${where}: doseRanges.${i}.basisRxcui: ${range.basisRxcui} is not an ingredient of this drug`);
    }
  });
}

function participantKey(p: InteractionParticipant): string {
  return 'rxcui' in p ? `rxcui:${p.rxcui}` : `class:${p.class}`;
}

function checkNamesUnique(namespace: string, entries: { label: string; names: string[] }[], problems: string[]) {
  const owner = new Map<string, string>();
  for (const { label, names } of entries) {
    for (const name of new Set(names.map(normaliseName))) {
      const first = owner.get(name);
      if (first !== undefined) problems.push(`${label}: ${namespace} name "${name}" is also used by ${first}`);
      else owner.set(name, label);
    }
  }
}

export function crossCheckKnowledgeBase(data: KnowledgeBaseData, files: KbFileNames, problems: string[]): void {
  const drugLabel = (d: DrugEntry, i: number) => entryLabel(files.drugs, i, d);
  checkUnique(data.drugs, (d) => d.rxcui, drugLabel, problems);
  checkUnique(data.classes, (c) => c.id, (c, i) => entryLabel(files.classes, i, c), problems);
  checkUnique(data.allergyGroups, (g) => g.id, (g, i) => entryLabel(files.allergyGroups, i, g), problems);
  checkUnique(data.interactions, (x) => x.id, (x, i) => entryLabel(files.interactions, i, x), problems);
  checkUnique(data.allergyCrossReactivity, (x) => x.id, (x, i) => entryLabel(files.allergyCrossReactivity, i, x), problems);

  const byRxcui = new Map(data.drugs.map((d) => [d.rxcui, d]));
  data.drugs.forEach((drug, i) => checkDrug(drug, drugLabel(drug, i), data, byRxcui, problems));

  const classIds = new Set(data.classes.map((c) => c.id));
  data.interactions.forEach((interaction, i) => {
    const where = entryLabel(files.interactions, i, interaction);
    interaction.between.forEach((p, side) => {
      if ('rxcui' in p && !byRxcui.has(p.rxcui)) problems.push(`${where}: between.${side}: unknown rxcui ${p.rxcui}`);
      if ('class' in p && !classIds.has(p.class)) problems.push(`${where}: between.${side}: unknown class "${p.class}"`);
    });
  });
  checkUnique(
    data.interactions,
    (x) => x.between.map(participantKey).sort().join(' + '),
    (x, i) => entryLabel(files.interactions, i, x),
    problems,
  );

  const groupIds = new Set(data.allergyGroups.map((g) => g.id));
  data.allergyCrossReactivity.forEach((rule, i) => {
    const where = entryLabel(files.allergyCrossReactivity, i, rule);
    for (const field of ['allergyGroup', 'crossReactsWith'] as const) {
      if (!groupIds.has(rule[field])) problems.push(`${where}: ${field}: unknown allergy group "${rule[field]}"`);
    }
    if (rule.allergyGroup === rule.crossReactsWith) problems.push(`${where}: a group cannot cross-react with itself`);
  });

  checkNamesUnique('drug', data.drugs.map((d, i) => ({ label: drugLabel(d, i), names: [d.name, ...d.synonyms] })), problems);
  checkNamesUnique(
    'allergy group',
    data.allergyGroups.map((g, i) => ({ label: entryLabel(files.allergyGroups, i, g), names: [g.id, g.name, ...g.synonyms] })),
    problems,
  );
  checkNamesUnique(
    'class',
    data.classes.map((c, i) => ({ label: entryLabel(files.classes, i, c), names: [c.id, c.name, ...(c.synonyms ?? [])] })),
    problems,
  );
}
