import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { buildDashboard } from './dashboard/smartclinix-dashboard.js';

/** Paths and (de)serialisation of the monitoring sources and their generated artefacts. */
export const DEPLOY_DIR = resolve(__dirname, '..');
export const MONITORING_DIR = join(DEPLOY_DIR, 'monitoring');
export const RULES_FILE = join(MONITORING_DIR, 'rules', 'smartclinix.rules.yml');
export const DASHBOARD_FILE = join(MONITORING_DIR, 'grafana', 'smartclinix.json');
export const PROMETHEUS_RULE_FILE = join(MONITORING_DIR, 'prometheusrule.yaml');
export const RUNBOOK_FILE = join(MONITORING_DIR, 'RUNBOOK.md');

export interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
export interface RuleGroup {
  name: string;
  interval?: string;
  rules: Rule[];
}

export function readRuleGroups(): RuleGroup[] {
  const doc = parse(readFileSync(RULES_FILE, 'utf8')) as { groups: RuleGroup[] };
  return doc.groups;
}

export function renderDashboard(): string {
  return `${JSON.stringify(buildDashboard(), null, 2)}\n`;
}

/** The rules file wrapped as a Prometheus Operator PrometheusRule (same groups, verbatim). */
export function renderPrometheusRule(): string {
  const resource = {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: {
      name: 'smartclinix',
      labels: { 'app.kubernetes.io/name': 'smartclinix', 'app.kubernetes.io/part-of': 'smartclinix', role: 'alert-rules' },
    },
    spec: { groups: readRuleGroups() },
  };
  const header = '# GENERATED from rules/smartclinix.rules.yml by deploy/tools/sync-monitoring.ts — do not edit.\n';
  return header + stringify(resource, { lineWidth: 0 });
}
