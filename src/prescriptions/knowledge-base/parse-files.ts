/**
 * Schema validation of each knowledge-base file. Every problem names the file, the entry's index
 * and its id or RxCUI, so whoever converts a licensed KB can find the bad row at once.
 */
import { z } from 'zod';
import {
  allergyGroupSchema,
  crossReactivitySchema,
  drugSchema,
  interactionSchema,
  manifestSchema,
  therapeuticClassSchema,
  type KnowledgeBaseData,
  type RawKnowledgeBase,
} from './schema.js';

export type KbFileKey = keyof RawKnowledgeBase;
export type KbFileNames = Record<KbFileKey, string>;

export const DEFAULT_FILE_NAMES: KbFileNames = {
  manifest: 'manifest.json',
  classes: 'classes.json',
  allergyGroups: 'allergy-groups.json',
  drugs: 'drugs.json',
  interactions: 'interactions.json',
  allergyCrossReactivity: 'allergy-cross-reactivity.json',
};

/** "drugs.json[12] (rxcui 11289 warfarin)": how an entry is named in error messages. */
export function entryLabel(file: string, index: number, entry: unknown): string {
  const record = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
  const key =
    typeof record.rxcui === 'string'
      ? `rxcui ${record.rxcui}${typeof record.name === 'string' ? ` ${record.name}` : ''}`
      : typeof record.id === 'string'
        ? `id ${record.id}`
        : undefined;
  return key ? `${file}[${index}] (${key})` : `${file}[${index}]`;
}

function describeIssues(file: string, raw: unknown, issues: z.ZodError['issues']): string[] {
  return issues.map((issue) => {
    const [first, ...rest] = issue.path;
    if (Array.isArray(raw) && typeof first === 'number') {
      const where = rest.length > 0 ? `${rest.map(String).join('.')}: ` : '';
      return `${entryLabel(file, first, raw[first])}: ${where}${issue.message}`;
    }
    const where = issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
    return `${file}: ${where}${issue.message}`;
  });
}

function parseFile<T>(schema: z.ZodType<T>, file: string, raw: unknown, problems: string[]): T | undefined {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  problems.push(...describeIssues(file, raw, result.error.issues));
  return undefined;
}

/** Returns the typed data, or undefined with `problems` filled in. */
export function parseKnowledgeBaseFiles(
  raw: RawKnowledgeBase,
  problems: string[],
  names: KbFileNames = DEFAULT_FILE_NAMES,
): KnowledgeBaseData | undefined {
  const manifest = parseFile(manifestSchema, names.manifest, raw.manifest, problems);
  const classes = parseFile(z.array(therapeuticClassSchema), names.classes, raw.classes, problems);
  const allergyGroups = parseFile(z.array(allergyGroupSchema), names.allergyGroups, raw.allergyGroups, problems);
  const drugs = parseFile(z.array(drugSchema), names.drugs, raw.drugs, problems);
  const interactions = parseFile(z.array(interactionSchema), names.interactions, raw.interactions, problems);
  const allergyCrossReactivity = parseFile(
    z.array(crossReactivitySchema),
    names.allergyCrossReactivity,
    raw.allergyCrossReactivity,
    problems,
  );
  if (!manifest || !classes || !allergyGroups || !drugs || !interactions || !allergyCrossReactivity) return undefined;
  return { manifest, classes, allergyGroups, drugs, interactions, allergyCrossReactivity };
}
