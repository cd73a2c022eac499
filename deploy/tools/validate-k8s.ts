import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { type K8sObject, schemaErrors } from './k8s/models.js';
import { policyErrors } from './k8s/policy.js';
import { type Located, unknownFieldErrors } from './k8s/strict-fields.js';
import { say } from './untyped.js';

/**
 * Validates rendered kustomize output offline.
 *   npx tsx deploy/tools/validate-k8s.ts base=/tmp/base.yaml dev=/tmp/dev.yaml prod=/tmp/prod.yaml
 * A source named "base" is checked without the overlay-only rules (namespace, image, placeholders).
 */
const sources = process.argv.slice(2).map((arg) => {
  const [name, path] = arg.split('=') as [string, string | undefined];
  if (!path) throw new Error(`expected name=path, got ${arg}`);
  return { name, path };
});
if (sources.length === 0) {
  console.error('usage: validate-k8s.ts name=rendered.yaml …');
  process.exit(2);
}

let failures = 0;
const located: Located[] = [];
for (const { name, path } of sources) {
  const docs = parseAllDocuments(readFileSync(path, 'utf8'));
  const objects: K8sObject[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      console.error(`  ✗ ${name}: YAML error ${doc.errors[0]?.message}`);
      failures += 1;
      continue;
    }
    const obj = doc.toJS() as K8sObject | null;
    if (obj) objects.push(obj);
  }
  const problems: string[] = [];
  for (const obj of objects) {
    for (const e of schemaErrors(obj)) problems.push(`${obj.kind}/${obj.metadata.name}: ${e}`);
    located.push({ source: name, obj });
  }
  problems.push(...policyErrors(objects, { overlay: name !== 'base' }));
  for (const p of problems) console.error(`  ✗ ${name}: ${p}`);
  failures += problems.length;
  const kinds = [...new Set(objects.map((o) => o.kind))].length;
  say(`${name}: ${objects.length} objects (${kinds} kinds), ${problems.length} schema/policy problem(s)`);
}

const unknown = unknownFieldErrors(located);
for (const e of unknown) console.error(`  ✗ ${e}`);
say(`unknown-field check (TypeScript excess-property) over ${located.length} objects: ${unknown.length} problem(s)`);
failures += unknown.length;
process.exitCode = failures === 0 ? 0 : 1;
