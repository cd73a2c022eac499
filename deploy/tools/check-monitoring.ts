import { readFileSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { knownSeries, metricNamesIn } from './known-metrics.js';
import { DASHBOARD_FILE, RUNBOOK_FILE, readRuleGroups } from './monitoring-files.js';
import { say } from './untyped.js';
import { type Panel } from './dashboard/panels.js';

/**
 * Checks promtool cannot: the metric contract, runbook links, alert metadata and dashboard
 * structure. With an output path it also writes every dashboard query as a recording rule so
 * that `promtool check rules` parses the dashboard's PromQL too.
 *   npx tsx deploy/tools/check-monitoring.ts [dashboard-queries-as-rules.yml]
 */
const problems: string[] = [];
const known = knownSeries();

/** GitHub's heading anchors: lower-case, punctuation dropped, spaces to hyphens. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const line of markdown.split('\n')) {
    const m = /^#{1,6}\s+(.*)$/.exec(line);
    if (m) anchors.add((m[1] as string).trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-'));
  }
  return anchors;
}

const groups = readRuleGroups();
const recorded = new Set(groups.flatMap((g) => g.rules.flatMap((r) => (r.record ? [r.record] : []))));
const runbook = readFileSync(RUNBOOK_FILE, 'utf8');
const anchors = anchorsOf(runbook);
for (const [, target] of runbook.matchAll(/\]\(#([^)]+)\)/g)) {
  if (!anchors.has(target as string)) problems.push(`RUNBOOK.md links to a missing section #${target}`);
}
const alertMetrics = new Set<string>();
const alertNames = new Set<string>();

for (const rule of groups.flatMap((g) => g.rules)) {
  const name = rule.alert ?? rule.record ?? '(unnamed)';
  for (const metric of metricNamesIn(rule.expr)) {
    if (!known.has(metric) && !recorded.has(metric)) problems.push(`rule ${name}: unknown metric ${metric}`);
    if (rule.alert) alertMetrics.add(metric);
  }
  if (!rule.alert) continue;
  if (alertNames.has(rule.alert)) problems.push(`alert ${rule.alert} is defined twice`);
  alertNames.add(rule.alert);
  const severity = rule.labels?.severity;
  if (severity !== 'page' && severity !== 'ticket') problems.push(`alert ${rule.alert}: severity must be page or ticket`);
  for (const key of ['summary', 'description', 'runbook_url']) {
    if (!rule.annotations?.[key]) problems.push(`alert ${rule.alert}: missing annotation ${key}`);
  }
  const url = rule.annotations?.runbook_url ?? '';
  const m = /^deploy\/monitoring\/RUNBOOK\.md#([a-z0-9-]+)$/.exec(url);
  if (!m) problems.push(`alert ${rule.alert}: runbook_url must be deploy/monitoring/RUNBOOK.md#<anchor>`);
  else if (!anchors.has(m[1] as string)) problems.push(`alert ${rule.alert}: RUNBOOK.md has no section #${m[1]}`);
}

const dashboard = JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as { uid?: string; panels: Panel[] };
if (!dashboard.uid) problems.push('dashboard: missing uid');
const ids = new Set<number>();
const dashboardMetrics = new Set<string>();
const queries: { record: string; expr: string }[] = [];
for (const panel of dashboard.panels) {
  if (ids.has(panel.id)) problems.push(`dashboard: duplicate panel id ${panel.id}`);
  ids.add(panel.id);
  if (panel.type === 'row') continue;
  if (!panel.targets?.length) problems.push(`dashboard panel "${panel.title}": no queries`);
  if (panel.datasource?.uid !== '${datasource}') problems.push(`dashboard panel "${panel.title}": must use the $datasource variable`);
  for (const target of panel.targets ?? []) {
    for (const metric of metricNamesIn(target.expr)) {
      dashboardMetrics.add(metric);
      if (!known.has(metric) && !recorded.has(metric)) problems.push(`dashboard panel "${panel.title}": unknown metric ${metric}`);
    }
    // Grafana variables become plain values so promtool can parse the query.
    const expr = target.expr.replaceAll('$__rate_interval', '5m').replaceAll('$tenant', '.*');
    queries.push({ record: `dashboard:panel_${panel.id}_${target.refId.toLowerCase()}`, expr });
  }
}
for (const metric of alertMetrics) {
  if (!dashboardMetrics.has(metric)) problems.push(`dashboard: no panel shows ${metric}, which an alert watches`);
}

const out = process.argv[2];
if (out) writeFileSync(out, stringify({ groups: [{ name: 'dashboard-queries', rules: queries }] }, { lineWidth: 0 }));

for (const p of problems) console.error(`  ✗ ${p}`);
say(`${alertNames.size} alerts, ${recorded.size} recording rules, ${queries.length} dashboard queries checked; ${problems.length} problem(s)`);
process.exitCode = problems.length === 0 ? 0 : 1;
