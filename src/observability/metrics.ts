import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * One Prometheus registry per process. Labels are route templates, tenants, channels and statuses:
 * never an entity ID, a phone number or anything else that identifies a person.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

export const httpRequestDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request duration by route template',
  labelNames: ['method', 'route', 'status_code'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

export const dependencyUp = new Gauge({
  name: 'smartclinix_dependency_up',
  help: '1 when the dependency answered its last probe, 0 otherwise',
  labelNames: ['dependency'] as const,
  registers: [metricsRegistry],
});

export const messagesTotal = new Counter({
  name: 'smartclinix_messages_total',
  help: 'Patient and staff messages by channel and delivery status',
  labelNames: ['tenant', 'channel', 'status', 'reason'] as const,
  registers: [metricsRegistry],
});

export const remindersTotal = new Counter({
  name: 'smartclinix_reminders_total',
  help: 'Appointment reminder steps by outcome',
  labelNames: ['tenant', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const escalationsTotal = new Counter({
  name: 'smartclinix_escalations_total',
  help: 'Escalations by workflow type and level',
  labelNames: ['tenant', 'workflow', 'level'] as const,
  registers: [metricsRegistry],
});

export const escalationFinalLevelTotal = new Counter({
  name: 'smartclinix_escalation_final_level_total',
  help: 'Escalations that reached the last level of their chain',
  labelNames: ['tenant', 'workflow'] as const,
  registers: [metricsRegistry],
});

export const criticalResultsTotal = new Counter({
  name: 'smartclinix_critical_results_total',
  help: 'Critical lab results identified',
  labelNames: ['tenant'] as const,
  registers: [metricsRegistry],
});

export const criticalResultAckSeconds = new Histogram({
  name: 'smartclinix_critical_result_ack_seconds',
  help: 'Time from a critical result being identified to a clinician acknowledging it',
  labelNames: ['tenant'] as const,
  buckets: [60, 300, 600, 900, 1200, 1800, 2700, 3600, 7200],
  registers: [metricsRegistry],
});

export const hl7MessagesTotal = new Counter({
  name: 'smartclinix_hl7_messages_total',
  help: 'HL7 v2 messages received, by acknowledgement code',
  labelNames: ['tenant', 'ack_code'] as const,
  registers: [metricsRegistry],
});

export const hl7AckLatencySeconds = new Histogram({
  name: 'smartclinix_hl7_ack_latency_seconds',
  help: 'Time from a complete HL7 frame to its ACK being written (raw message durably stored first)',
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
  registers: [metricsRegistry],
});
