/**
 * The metric contract between the application (prom-client and the Temporal SDK) and the
 * operations code. Rules and dashboards may use only these names (plus recording rules and
 * Prometheus built-ins), so a renamed metric fails CI here instead of silencing an alert.
 */

/** Histograms: `_bucket`, `_sum` and `_count` series exist for each. */
export const HISTOGRAMS = [
  'http_request_duration_seconds',
  'smartclinix_critical_result_ack_seconds',
  'smartclinix_hl7_ack_latency_seconds',
  'temporal_workflow_task_schedule_to_start_latency',
  'temporal_activity_schedule_to_start_latency',
] as const;

/** Counters and gauges, by their exported names. */
export const SERIES = [
  'smartclinix_dependency_up',
  'temporal_num_pollers',
  'temporal_sticky_cache_size',
  'temporal_worker_task_slots_available',
  'smartclinix_db_pool_connections',
  'smartclinix_db_pool_max',
  'smartclinix_messages_total',
  'smartclinix_reminders_total',
  'smartclinix_tasks_open',
  'smartclinix_task_oldest_open_age_seconds',
  'smartclinix_escalations_total',
  'smartclinix_escalation_final_level_total',
  'smartclinix_critical_results_total',
  'smartclinix_critical_results_unacknowledged_overdue',
  'smartclinix_hl7_messages_total',
  'smartclinix_referrals_overdue',
  'smartclinix_prescriptions_awaiting_signature',
  // Pushed by the verifier wrapper (deploy/docker-entrypoint.sh verify-audit).
  'smartclinix_audit_chain_verification_failures_total',
  'smartclinix_audit_chain_last_success_timestamp_seconds',
  'smartclinix_audit_chain_last_run_timestamp_seconds',
] as const;

/** Prometheus built-ins the rules may use. */
export const BUILTINS = ['up'] as const;

/** Every series name a query may select, recording rules excluded. */
export function knownSeries(): Set<string> {
  const names = new Set<string>([...SERIES, ...BUILTINS]);
  for (const h of HISTOGRAMS) for (const suffix of ['_bucket', '_sum', '_count']) names.add(h + suffix);
  return names;
}

const METRIC_LIKE = /(?<![\w:$"])((?:smartclinix|temporal|http|nodejs|process)[a-zA-Z0-9_:]*|up)(?=\s*[{[)\s]|$)/g;

/**
 * Metric names a PromQL expression selects. Label names never start with these prefixes in our
 * queries, and quoted label values are skipped by the look-behind.
 */
export function metricNamesIn(expr: string): string[] {
  const withoutStrings = expr.replace(/"[^"]*"/g, '""');
  return [...new Set([...withoutStrings.matchAll(METRIC_LIKE)].map((m) => m[1] as string))];
}
