import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { DASHBOARD_FILE, DEPLOY_DIR, PROMETHEUS_RULE_FILE, renderDashboard, renderPrometheusRule } from './monitoring-files.js';
import { say } from './untyped.js';

/**
 * Regenerates the Grafana dashboard JSON and the Kubernetes PrometheusRule from their sources.
 *   npx tsx deploy/tools/sync-monitoring.ts --write   rewrite the generated files
 *   npx tsx deploy/tools/sync-monitoring.ts --check   exit 1 when a committed file has drifted
 */
const mode = process.argv[2];
if (mode !== '--write' && mode !== '--check') {
  console.error('usage: sync-monitoring.ts --write | --check');
  process.exit(2);
}

const outputs: [string, string][] = [
  [DASHBOARD_FILE, renderDashboard()],
  [PROMETHEUS_RULE_FILE, renderPrometheusRule()],
];

let drifted = 0;
for (const [file, content] of outputs) {
  const name = relative(DEPLOY_DIR, file);
  if (mode === '--write') {
    writeFileSync(file, content);
    say(`wrote ${name}`);
  } else if (!existsSync(file) || readFileSync(file, 'utf8') !== content) {
    drifted += 1;
    console.error(`${name} is out of date: run npx tsx deploy/tools/sync-monitoring.ts --write`);
  } else {
    say(`${name} is up to date`);
  }
}
process.exitCode = drifted === 0 ? 0 : 1;
