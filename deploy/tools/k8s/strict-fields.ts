import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type K8sObject, modelModule } from './models.js';

/**
 * Unknown-field detection. The OpenAPI schemas accept unknown keys (a typo such as
 * `readinesProbe` would pass and be dropped by the API server), so every object is written as a
 * typed object literal and TypeScript's excess-property check rejects any key the model's
 * interface does not declare, at any depth.
 */
export interface Located {
  source: string;
  obj: K8sObject;
}

/**
 * Fields newer than the model packages that work on Node 20 (the newer majors need Node 22):
 * removed before the check, each with the version that introduced it.
 */
const NEWER_THAN_MODELS: Record<string, (obj: K8sObject) => K8sObject> = {
  // Prometheus Operator v0.66 added keep_firing_for to PrometheusRule rules.
  PrometheusRule: (obj) => JSON.parse(JSON.stringify(obj, (k, v: unknown) => (k === 'keep_firing_for' ? undefined : v))) as K8sObject,
};

const ROOT = resolve(__dirname, '..', '..', '..');
const WORK_DIR = join(ROOT, 'node_modules', '.cache', 'smartclinix-k8s-strict');

export function unknownFieldErrors(objects: Located[]): string[] {
  rmSync(WORK_DIR, { recursive: true, force: true });
  mkdirSync(WORK_DIR, { recursive: true });
  const lines: string[] = [];
  const owners: { from: number; label: string }[] = [];
  objects.forEach(({ source, obj: original }, i) => {
    const obj = NEWER_THAN_MODELS[original.kind]?.(original) ?? original;
    const module = modelModule(obj);
    if (!module) return;
    owners.push({ from: lines.length + 1, label: `${source}: ${obj.kind}/${obj.metadata.name}` });
    lines.push(`import type { I${obj.kind} as T${i} } from '${module}';`);
    lines.push(...`export const o${i}: T${i} = ${JSON.stringify(obj, null, 1)};`.split('\n'));
  });
  writeFileSync(join(WORK_DIR, 'objects.ts'), `${lines.join('\n')}\n`);
  writeFileSync(
    join(WORK_DIR, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, module: 'commonjs', moduleResolution: 'node10', skipLibCheck: true, types: [] },
      files: ['objects.ts'],
    }),
  );
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', WORK_DIR, '--pretty', 'false'], { encoding: 'utf8' });
  if (run.status === 0) return [];

  // objects.ts(LINE,COL): error TSxxxx: message — attribute each error to its object.
  const lineOwner = (line: number): string => {
    let label = '?';
    for (const o of owners) if (o.from <= line) label = o.label;
    return label;
  };
  const errors: string[] = [];
  for (const out of run.stdout.split('\n')) {
    const m = /objects\.ts\((\d+),\d+\): error (TS\d+): (.*)$/.exec(out);
    if (!m) continue;
    const line = Number(m[1]);
    const near = (lines[line - 1] ?? '').trim().slice(0, 80);
    errors.push(`${lineOwner(line)}: ${m[3]} (near: ${near})`);
  }
  if (errors.length === 0) errors.push(`tsc failed: ${run.stdout || run.stderr}`);
  return errors;
}
