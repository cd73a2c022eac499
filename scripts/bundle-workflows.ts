import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { buildWorkflowBundle } from '../src/worker/workflow-bundle.js';

/** Writes the prebuilt workflow bundle the production worker loads (WORKFLOW_BUNDLE_PATH). */
async function main(): Promise<void> {
  const out = resolve(process.argv[2] ?? 'dist/workflow-bundle.js');
  const started = Date.now();
  const { code } = await buildWorkflowBundle();
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, code);
  console.log(`workflow bundle written to ${out} (${(code.length / 1024).toFixed(0)} KiB, ${Date.now() - started} ms)`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
