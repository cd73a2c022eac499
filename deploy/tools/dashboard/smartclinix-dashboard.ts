import { DATASOURCE, Layout } from './panels.js';

/**
 * The SmartClinix operations dashboard: the same signals the alert rules watch, with each
 * alert's threshold drawn on its panel. Written to deploy/monitoring/grafana/smartclinix.json
 * by deploy/tools/sync-monitoring.ts.
 */
export function buildDashboard(): Record<string, unknown> {
  const l = new Layout();
  const t = 'tenant=~"$tenant"';

  l.row('API');
  l.add({
    title: 'Requests by status',
    description: 'API request rate by status code.',
    unit: 'reqps',
    targets: [{ expr: 'sum by (status_code) (rate(http_request_duration_seconds_count[$__rate_interval]))', legendFormat: '{{status_code}}' }],
  });
  l.add({
    title: '5xx ratio',
    description: 'Share of API requests answered 5xx. Alert: SmartclinixApiHighErrorRate above 5%.',
    unit: 'percentunit',
    threshold: 0.05,
    targets: [
      {
        expr: 'sum(rate(http_request_duration_seconds_count{status_code=~"5.."}[$__rate_interval])) / sum(rate(http_request_duration_seconds_count[$__rate_interval]))',
        legendFormat: '5xx ratio',
      },
    ],
  });
  l.add({
    title: 'Latency p95 / p99',
    description: 'API request duration quantiles. Alert: SmartclinixApiHighLatencyP95 above 750 ms.',
    unit: 's',
    threshold: 0.75,
    targets: [
      { expr: 'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[$__rate_interval])))', legendFormat: 'p95' },
      { expr: 'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[$__rate_interval])))', legendFormat: 'p99' },
    ],
  });
  l.add({
    title: '5xx by route',
    description: 'Failing routes (route templates, never raw paths).',
    unit: 'reqps',
    width: 12,
    targets: [{ expr: 'topk(10, sum by (method, route) (rate(http_request_duration_seconds_count{status_code=~"5.."}[$__rate_interval])))', legendFormat: '{{method}} {{route}}' }],
  });
  l.add({
    title: 'p95 by route',
    description: 'Slowest route templates.',
    unit: 's',
    width: 12,
    targets: [{ expr: 'topk(10, histogram_quantile(0.95, sum by (le, route) (rate(http_request_duration_seconds_bucket[$__rate_interval]))))', legendFormat: '{{route}}' }],
  });
  l.add({
    title: 'Dependencies up',
    description: 'PostgreSQL and Temporal reachability from each API/worker replica (1 = up).',
    unit: 'short',
    kind: 'stat',
    width: 12,
    targets: [{ expr: 'min by (job, dependency) (smartclinix_dependency_up)', legendFormat: '{{job}} → {{dependency}}' }],
  });
  l.add({
    title: 'Scrape targets up',
    description: 'Prometheus scrape health of API, worker and MLLP replicas.',
    unit: 'short',
    kind: 'stat',
    width: 12,
    targets: [{ expr: 'sum by (job) (up{job=~"smartclinix-.*"})', legendFormat: '{{job}}' }],
  });

  l.row('Temporal worker');
  l.add({
    title: 'Workflow-task schedule-to-start p95',
    description: 'Time workflow tasks wait for a worker. Alert: above 200 ms for 5 minutes. The worker HPA scales on this.',
    unit: 's',
    threshold: 0.2,
    targets: [{ expr: 'smartclinix:temporal_workflow_task_schedule_to_start_seconds:p95', legendFormat: '{{task_queue}}' }],
  });
  l.add({
    title: 'Activity schedule-to-start p95',
    description: 'Time activity tasks wait for a slot. Alert: above 2 s for 10 minutes.',
    unit: 's',
    threshold: 2,
    targets: [{ expr: 'smartclinix:temporal_activity_schedule_to_start_seconds:p95', legendFormat: '{{task_queue}}' }],
  });
  l.add({
    title: 'Pollers',
    description: 'Pollers per task queue and type. Alert: zero pollers.',
    unit: 'short',
    targets: [{ expr: 'sum by (task_queue, poller_type) (temporal_num_pollers)', legendFormat: '{{task_queue}} {{poller_type}}' }],
  });
  l.add({
    title: 'Task slots available',
    description: 'Free execution slots per worker; near zero means saturated workers.',
    unit: 'short',
    width: 12,
    targets: [{ expr: 'sum by (instance, worker_type) (temporal_worker_task_slots_available)', legendFormat: '{{instance}} {{worker_type}}' }],
  });
  l.add({
    title: 'Sticky cache size',
    description: 'Cached workflow executions per worker; flat at the maximum forces full replays.',
    unit: 'short',
    width: 12,
    targets: [{ expr: 'sum by (instance) (temporal_sticky_cache_size)', legendFormat: '{{instance}}' }],
  });

  l.row('Clinical safety');
  l.add({
    title: 'Critical results overdue (unacknowledged)',
    description: 'Critical results past the acknowledgement deadline, per tenant. Alert: any.',
    unit: 'short',
    kind: 'stat',
    threshold: 1,
    targets: [{ expr: `max by (tenant) (smartclinix_critical_results_unacknowledged_overdue{${t}})`, legendFormat: '{{tenant}}' }],
  });
  l.add({
    title: 'Critical result acknowledgement time',
    description: 'Identification to acknowledged receipt (p50, p95).',
    unit: 's',
    targets: [
      { expr: `histogram_quantile(0.5, sum by (le) (rate(smartclinix_critical_result_ack_seconds_bucket{${t}}[$__rate_interval])))`, legendFormat: 'p50' },
      { expr: `histogram_quantile(0.95, sum by (le) (rate(smartclinix_critical_result_ack_seconds_bucket{${t}}[$__rate_interval])))`, legendFormat: 'p95' },
    ],
  });
  l.add({
    title: 'Critical results received',
    description: 'Critical results identified per hour, per tenant.',
    unit: 'short',
    targets: [{ expr: `sum by (tenant) (increase(smartclinix_critical_results_total{${t}}[1h]))`, legendFormat: '{{tenant}}' }],
  });
  l.add({
    title: 'Escalations by level',
    description: 'Escalation steps taken per hour.',
    unit: 'short',
    width: 12,
    targets: [{ expr: `sum by (workflow, level) (increase(smartclinix_escalations_total{${t}}[1h]))`, legendFormat: '{{workflow}} L{{level}}' }],
  });
  l.add({
    title: 'Escalations reaching the final level',
    description: 'Alert: any final-level escalation.',
    unit: 'short',
    width: 12,
    threshold: 1,
    targets: [{ expr: `sum by (tenant, workflow) (increase(smartclinix_escalation_final_level_total{${t}}[1h]))`, legendFormat: '{{tenant}} {{workflow}}' }],
  });

  l.row('Work queues, referrals, prescriptions');
  l.add({
    title: 'Open tasks by queue',
    description: 'Open human tasks per queue.',
    unit: 'short',
    targets: [{ expr: `max by (tenant, queue) (smartclinix_tasks_open{${t}})`, legendFormat: '{{tenant}} {{queue}}' }],
  });
  l.add({
    title: 'Oldest open task age',
    description: 'Age of the oldest open task per queue. Alert: above 4 hours.',
    unit: 's',
    threshold: 14400,
    targets: [{ expr: `max by (tenant, queue) (smartclinix_task_oldest_open_age_seconds{${t}})`, legendFormat: '{{tenant}} {{queue}}' }],
  });
  l.add({
    title: 'Referrals overdue by stage',
    description: 'Referrals past their stage SLA (closed-loop referral tracking).',
    unit: 'short',
    targets: [{ expr: `max by (tenant, stage) (smartclinix_referrals_overdue{${t}})`, legendFormat: '{{tenant}} {{stage}}' }],
  });
  l.add({
    title: 'Prescriptions awaiting signature',
    description: 'Prepared prescriptions waiting for a licensed prescriber.',
    unit: 'short',
    width: 24,
    targets: [{ expr: `max by (tenant) (smartclinix_prescriptions_awaiting_signature{${t}})`, legendFormat: '{{tenant}}' }],
  });

  l.row('Messaging and reminders');
  l.add({
    title: 'Messages by channel and status',
    description: 'SMS and email outcomes per minute.',
    unit: 'ops',
    targets: [{ expr: `sum by (channel, status) (rate(smartclinix_messages_total{${t}}[$__rate_interval]))`, legendFormat: '{{channel}} {{status}}' }],
  });
  l.add({
    title: 'SMS failure ratio',
    description: 'Failed + undelivered over all terminal SMS outcomes. Alert: above 10% for 15 minutes.',
    unit: 'percentunit',
    threshold: 0.1,
    targets: [
      {
        expr: `sum by (tenant) (rate(smartclinix_messages_total{channel="sms", status=~"failed|undelivered", ${t}}[15m])) / sum by (tenant) (rate(smartclinix_messages_total{channel="sms", status=~"delivered|failed|undelivered", ${t}}[15m]))`,
        legendFormat: '{{tenant}}',
      },
    ],
  });
  l.add({
    title: 'Reminders by outcome',
    description: 'Planned, sent, skipped (quiet hours, frequency caps), suppressed (opt-out) and deferred reminders.',
    unit: 'short',
    targets: [{ expr: `sum by (outcome) (increase(smartclinix_reminders_total{${t}}[1h]))`, legendFormat: '{{outcome}}' }],
  });

  l.row('HL7 lab results (MLLP)');
  l.add({
    title: 'HL7 messages by ACK code',
    description: 'AA accepted, AE error, AR rejected.',
    unit: 'ops',
    targets: [{ expr: `sum by (ack_code) (rate(smartclinix_hl7_messages_total{${t}}[$__rate_interval]))`, legendFormat: '{{ack_code}}' }],
  });
  l.add({
    title: 'AE/AR ratio',
    description: 'Negative acknowledgements per tenant. Alert: above 5%.',
    unit: 'percentunit',
    threshold: 0.05,
    targets: [
      {
        expr: `sum by (tenant) (rate(smartclinix_hl7_messages_total{ack_code=~"AE|AR", ${t}}[$__rate_interval])) / sum by (tenant) (rate(smartclinix_hl7_messages_total{${t}}[$__rate_interval]))`,
        legendFormat: '{{tenant}}',
      },
    ],
  });
  l.add({
    title: 'ACK latency p50 / p99',
    description: 'Receipt to ACK, including the durable write. Alert: p99 above 2 s.',
    unit: 's',
    threshold: 2,
    targets: [
      { expr: 'histogram_quantile(0.5, sum by (le) (rate(smartclinix_hl7_ack_latency_seconds_bucket[$__rate_interval])))', legendFormat: 'p50' },
      { expr: 'histogram_quantile(0.99, sum by (le) (rate(smartclinix_hl7_ack_latency_seconds_bucket[$__rate_interval])))', legendFormat: 'p99' },
    ],
  });

  l.row('Database and audit');
  l.add({
    title: 'DB pool connections',
    description: 'Used, free and pending acquisitions per process.',
    unit: 'short',
    targets: [{ expr: 'sum by (job, state) (smartclinix_db_pool_connections)', legendFormat: '{{job}} {{state}}' }],
  });
  l.add({
    title: 'DB pool utilisation',
    description: 'Used over max per replica. Alert: at least 90% with waiters for 5 minutes.',
    unit: 'percentunit',
    threshold: 0.9,
    targets: [
      {
        expr: 'sum by (job, instance) (smartclinix_db_pool_connections{state="used"}) / sum by (job, instance) (smartclinix_db_pool_max)',
        legendFormat: '{{job}} {{instance}}',
      },
    ],
  });
  l.add({
    title: 'Audit chain: last successful verification',
    description: 'Pushed by the hourly verifier. Alert: older than 3 hours, or any verification failure.',
    unit: 's',
    kind: 'stat',
    threshold: 10800,
    width: 4,
    targets: [{ expr: 'time() - max(smartclinix_audit_chain_last_success_timestamp_seconds)', legendFormat: 'age' }],
  });
  l.add({
    title: 'Audit chain failures',
    description: 'Total failed verifications (broken chain or verifier error).',
    unit: 'short',
    kind: 'stat',
    threshold: 1,
    width: 4,
    targets: [{ expr: 'max(smartclinix_audit_chain_verification_failures_total)', legendFormat: 'failures' }],
  });

  return {
    uid: 'smartclinix-operations',
    title: 'SmartClinix operations',
    description: 'API, Temporal worker, clinical safety, messaging, HL7, database and audit signals. Generated by deploy/tools/sync-monitoring.ts.',
    tags: ['smartclinix'],
    editable: false,
    graphTooltip: 1,
    refresh: '30s',
    schemaVersion: 39,
    version: 1,
    time: { from: 'now-6h', to: 'now' },
    timezone: 'utc',
    annotations: { list: [] },
    links: [],
    templating: {
      list: [
        { name: 'datasource', label: 'Data source', type: 'datasource', query: 'prometheus', current: {}, hide: 0 },
        {
          name: 'tenant',
          label: 'Tenant',
          type: 'query',
          datasource: DATASOURCE,
          query: { query: 'label_values(smartclinix_tasks_open, tenant)', refId: 'tenants' },
          definition: 'label_values(smartclinix_tasks_open, tenant)',
          includeAll: true,
          multi: true,
          allValue: '.*',
          current: {},
          refresh: 2,
          sort: 1,
          hide: 0,
        },
      ],
    },
    panels: l.panels,
  };
}
