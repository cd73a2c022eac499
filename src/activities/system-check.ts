import { Context } from '@temporalio/activity';
import { type Knex } from 'knex';

export interface SystemCheckDeps {
  db: Knex;
}

/**
 * Proves the worker reaches PostgreSQL: writes and reads back a row in `system_checks`.
 * The probe string is never stored or logged.
 */
export function createSystemCheckActivities({ db }: SystemCheckDeps) {
  return {
    async recordSystemCheck(input: { checkId: string; probe: string; failFirstAttempt?: boolean }): Promise<{ databaseLatencyMs: number; attempts: number }> {
      const { info, log } = Context.current();
      if (input.failFirstAttempt && info.attempt === 1) {
        // Simulates a driver error that echoes input back; the failure converter must encrypt it.
        throw new Error(`simulated failure while handling ${input.probe}`);
      }
      const started = performance.now();
      await db('system_checks')
        .insert({ id: input.checkId, workflow_id: info.workflowExecution?.workflowId ?? "unknown", status: 'completed', started_at: new Date(), completed_at: new Date() })
        .onConflict('id')
        .merge(['status', 'completed_at']);
      const row = await db('system_checks').where({ id: input.checkId }).first<{ id: string } | undefined>();
      if (!row) throw new Error('system check row was not persisted');
      const databaseLatencyMs = Math.round(performance.now() - started);
      await db('system_checks').where({ id: input.checkId }).update({ database_latency_ms: databaseLatencyMs });
      log.info('system check recorded', { checkId: input.checkId, databaseLatencyMs });
      return { databaseLatencyMs, attempts: info.attempt };
    },
  };
}

export type SystemCheckActivities = ReturnType<typeof createSystemCheckActivities>;
