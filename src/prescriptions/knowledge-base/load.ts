/**
 * Reads a knowledge base directory (a manifest plus the files it names) once at startup. The
 * directory is configuration: point it at a converted licensed KB (First Databank, Medi-Span…)
 * to replace the shipped starter data without code changes.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { createDrugKnowledgeBase, type DrugKnowledgeBase } from './drug-knowledge-base.js';
import { DrugKnowledgeBaseError } from './errors.js';
import { DEFAULT_FILE_NAMES, type KbFileKey, type KbFileNames } from './parse-files.js';
import { manifestSchema, type RawKnowledgeBase } from './schema.js';

const SHIPPED_KB = join('data', 'drug-knowledge-base');

/**
 * The shipped data lives at the repository root, which is a different number of levels above
 * this file when it runs from src/ (tests, tsx) and from dist/src/ (production), so walk up.
 */
export function defaultDrugKnowledgeBaseDir(from: string = __dirname): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const candidate = join(dir, SHIPPED_KB);
    if (existsSync(join(candidate, DEFAULT_FILE_NAMES.manifest))) return candidate;
    if (dirname(dir) === dir) throw new DrugKnowledgeBaseError([`no ${SHIPPED_KB} directory found above ${from}`]);
  }
}

async function readJson(dir: string, file: string, problems: string[]): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(join(dir, file), 'utf8');
  } catch (err) {
    problems.push(`${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    problems.push(`${file}: not valid JSON (${(err as Error).message})`);
    return undefined;
  }
}

export interface LoadDrugKnowledgeBaseOptions {
  /** Directory holding manifest.json; defaults to the shipped data/drug-knowledge-base. */
  dir?: string;
}

export async function loadDrugKnowledgeBase(options: LoadDrugKnowledgeBaseOptions = {}): Promise<DrugKnowledgeBase> {
  const dir = options.dir ?? defaultDrugKnowledgeBaseDir();
  const problems: string[] = [];
  const manifest = await readJson(dir, DEFAULT_FILE_NAMES.manifest, problems);
  const parsedManifest = manifestSchema.safeParse(manifest);
  // File names come from the manifest when it is readable; otherwise the defaults keep the
  // remaining problems reportable in the same error.
  const files: KbFileNames = parsedManifest.success
    ? { manifest: DEFAULT_FILE_NAMES.manifest, ...parsedManifest.data.files }
    : DEFAULT_FILE_NAMES;
  const keys = Object.keys(DEFAULT_FILE_NAMES).filter((k): k is Exclude<KbFileKey, 'manifest'> => k !== 'manifest');
  const contents = await Promise.all(keys.map((key) => readJson(dir, files[key], problems)));
  if (problems.length > 0) throw new DrugKnowledgeBaseError(problems);

  const raw = Object.fromEntries(keys.map((key, i) => [key, contents[i]])) as Omit<RawKnowledgeBase, 'manifest'>;
  return createDrugKnowledgeBase({ manifest, ...raw }, files);
}
