/**
 * The validated, indexed knowledge base. Callers see drugs with their effective ingredients,
 * classes and allergy groups already resolved (a combination product inherits its ingredients'),
 * so rules never have to walk the raw tables.
 */
import { crossCheckKnowledgeBase } from './cross-check.js';
import { DrugKnowledgeBaseError, UnknownDrugError } from './errors.js';
import { nameVariants, normaliseName } from './names.js';
import { DEFAULT_FILE_NAMES, parseKnowledgeBaseFiles, type KbFileNames } from './parse-files.js';
import {
  SEVERITIES,
  type AllergyGroup,
  type CrossReactivity,
  type DeaSchedule,
  type DoseRange,
  type Interaction,
  type InteractionParticipant,
  type RawKnowledgeBase,
  type Route,
  type TherapeuticClass,
} from './schema.js';

export interface KbDrug {
  rxcui: string;
  name: string;
  termType: 'IN' | 'MIN';
  synonyms: readonly string[];
  /** The drug's active ingredients; an ingredient lists itself. */
  ingredients: readonly string[];
  classes: readonly string[];
  allergyGroups: readonly string[];
  routes: readonly Route[];
  doseRanges: readonly DoseRange[];
  deaSchedule: DeaSchedule | null;
  source: string;
}

export type NameMatch =
  | { kind: 'drug'; drug: KbDrug }
  | { kind: 'allergy-group'; group: AllergyGroup }
  | { kind: 'class'; drugClass: TherapeuticClass };

export interface DrugKnowledgeBase {
  readonly info: { name: string; version: string; formatVersion: number };
  drug(rxcui: string): KbDrug | undefined;
  drugs(): readonly KbDrug[];
  therapeuticClass(id: string): TherapeuticClass | undefined;
  classMembers(classId: string): readonly KbDrug[];
  allergyGroup(id: string): AllergyGroup | undefined;
  /** Cross-reactivity rules whose allergy side is the given group. */
  crossReactivityFrom(groupId: string): readonly CrossReactivity[];
  /** Every interaction entry (drug- or class-level) that applies to the pair, most severe first. */
  interactionsBetween(rxcuiA: string, rxcuiB: string): readonly Interaction[];
  /** The DEA schedule, or null when not controlled. Throws UnknownDrugError for an unknown RxCUI. */
  isControlled(rxcui: string): DeaSchedule | null;
  /** Resolves free text (name, brand, class or allergy group); drugs win over groups over classes. */
  findByName(text: string): NameMatch | undefined;
}

function participantKey(p: InteractionParticipant): string {
  return 'rxcui' in p ? `rxcui:${p.rxcui}` : `class:${p.class}`;
}

function drugKeys(drug: KbDrug): Set<string> {
  return new Set([`rxcui:${drug.rxcui}`, ...drug.ingredients.map((r) => `rxcui:${r}`), ...drug.classes.map((c) => `class:${c}`)]);
}

function indexMany<T>(entries: [string, T][]): Map<string, T[]> {
  const index = new Map<string, T[]>();
  for (const [key, value] of entries) index.set(key, [...(index.get(key) ?? []), value]);
  return index;
}

/** Validates raw file contents and builds the indexes; throws DrugKnowledgeBaseError listing every problem. */
export function createDrugKnowledgeBase(raw: RawKnowledgeBase, files: KbFileNames = DEFAULT_FILE_NAMES): DrugKnowledgeBase {
  const problems: string[] = [];
  const data = parseKnowledgeBaseFiles(raw, problems, files);
  if (data) crossCheckKnowledgeBase(data, files, problems);
  if (!data || problems.length > 0) throw new DrugKnowledgeBaseError(problems);

  const entries = new Map(data.drugs.map((d) => [d.rxcui, d]));
  const drugs: KbDrug[] = data.drugs.map((entry) => {
    const ingredients = entry.ingredients ?? [entry.rxcui];
    const parts = ingredients.map((r) => entries.get(r)).filter((d) => d !== undefined);
    const union = (own: string[], pick: (d: typeof entry) => string[]) => [...new Set([...own, ...parts.flatMap(pick)])].sort();
    return {
      ...entry,
      ingredients,
      classes: union(entry.classes, (d) => d.classes),
      allergyGroups: union(entry.allergyGroups, (d) => d.allergyGroups),
    };
  });

  const byRxcui = new Map(drugs.map((d) => [d.rxcui, d]));
  const byClass = indexMany(drugs.flatMap((d) => d.classes.map((c): [string, KbDrug] => [c, d])));
  const classes = new Map(data.classes.map((c) => [c.id, c]));
  const groups = new Map(data.allergyGroups.map((g) => [g.id, g]));
  const crossByGroup = indexMany(data.allergyCrossReactivity.map((r): [string, CrossReactivity] => [r.allergyGroup, r]));
  const interactionsByKey = indexMany(
    data.interactions.flatMap((x) => x.between.map((p): [string, Interaction] => [participantKey(p), x])),
  );
  const names = new Map<string, NameMatch>();
  const addNames = (all: string[], match: NameMatch) => {
    for (const n of all) if (!names.has(normaliseName(n))) names.set(normaliseName(n), match);
  };
  for (const d of drugs) addNames([d.name, ...d.synonyms], { kind: 'drug', drug: d });
  for (const g of data.allergyGroups) addNames([g.id, g.name, ...g.synonyms], { kind: 'allergy-group', group: g });
  for (const c of data.classes) addNames([c.id, c.name, ...(c.synonyms ?? [])], { kind: 'class', drugClass: c });

  const severityRank = (x: Interaction) => SEVERITIES.indexOf(x.severity);

  return {
    info: { name: data.manifest.name, version: data.manifest.version, formatVersion: data.manifest.formatVersion },
    drug: (rxcui) => byRxcui.get(rxcui),
    drugs: () => drugs,
    therapeuticClass: (id) => classes.get(id),
    classMembers: (classId) => byClass.get(classId) ?? [],
    allergyGroup: (id) => groups.get(id),
    crossReactivityFrom: (groupId) => crossByGroup.get(groupId) ?? [],
    interactionsBetween(rxcuiA, rxcuiB) {
      const a = byRxcui.get(rxcuiA);
      const b = byRxcui.get(rxcuiB);
      if (!a || !b) return [];
      const keysA = drugKeys(a);
      const keysB = drugKeys(b);
      const candidates = new Set([...keysA].flatMap((k) => interactionsByKey.get(k) ?? []));
      return [...candidates]
        .filter(({ between: [p, q] }) => {
          const [kp, kq] = [participantKey(p), participantKey(q)];
          return (keysA.has(kp) && keysB.has(kq)) || (keysA.has(kq) && keysB.has(kp));
        })
        .sort((x, y) => severityRank(x) - severityRank(y) || x.id.localeCompare(y.id));
    },
    isControlled(rxcui) {
      const drug = byRxcui.get(rxcui);
      if (!drug) throw new UnknownDrugError(rxcui);
      return drug.deaSchedule;
    },
    findByName(text) {
      for (const variant of nameVariants(text)) {
        const match = names.get(variant);
        if (match) return match;
      }
      return undefined;
    },
  };
}
