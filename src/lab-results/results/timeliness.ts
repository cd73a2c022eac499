import { type AccessScope } from '../../authz/request-scope.js';
import { recordAudit } from '../../audit/record-audit.js';

/**
 * NPSG.02.03.01 reporting: critical results identified in a period, how fast they were
 * acknowledged (receipt → acknowledgement, median and 95th percentile) and how many escalated.
 */
export interface CriticalTimeliness {
  from: string;
  to: string;
  criticalCount: number;
  acknowledgedCount: number;
  acknowledgedWithinDeadlineCount: number;
  escalatedCount: number;
  medianSecondsToAcknowledge: number | null;
  p95SecondsToAcknowledge: number | null;
}

export async function criticalTimelinessReport(scope: AccessScope, period: { from: Date; to: Date }): Promise<CriticalTimeliness> {
  const row = await scope
    .trx('lab_critical_notifications')
    .where('identified_at', '>=', period.from)
    .andWhere('identified_at', '<', period.to)
    .first<Record<string, string | number | null>>(
      scope.trx.raw('count(*)::int as critical_count'),
      scope.trx.raw('count(acknowledged_at)::int as acknowledged_count'),
      scope.trx.raw('count(*) filter (where acknowledged_at <= deadline_at)::int as within_deadline'),
      scope.trx.raw('count(escalated_at)::int as escalated_count'),
      scope.trx.raw('percentile_cont(0.5) within group (order by seconds_to_ack) as p50'),
      scope.trx.raw('percentile_cont(0.95) within group (order by seconds_to_ack) as p95'),
    );
  await recordAudit(scope.trx, scope.actor, { action: 'read', entityType: 'LabTimelinessReport', details: { from: period.from.toISOString(), to: period.to.toISOString() } });
  const seconds = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);
  return {
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    criticalCount: Number(row.critical_count),
    acknowledgedCount: Number(row.acknowledged_count),
    acknowledgedWithinDeadlineCount: Number(row.within_deadline),
    escalatedCount: Number(row.escalated_count),
    medianSecondsToAcknowledge: seconds(row.p50),
    p95SecondsToAcknowledge: seconds(row.p95),
  };
}
