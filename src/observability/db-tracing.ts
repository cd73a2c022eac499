import { type Knex } from 'knex';
import { type Span, SpanKind, SpanStatusCode, tracer } from './tracing.js';

interface QueryEvent {
  __knexQueryUid: string;
  method?: string;
  sql?: string;
}

/** `select patients`, `insert audit_events`: the operation and first table, never values. */
function summarise(q: QueryEvent): string {
  const match = /\b(?:from|into|update|table)\s+"?([a-z_][a-z0-9_]*)"?/i.exec(q.sql ?? '');
  return `${q.method ?? 'query'} ${match?.[1] ?? ''}`.trim();
}

/** A client span per query, parented to whatever span is active (a request or an activity). */
export function traceDatabaseQueries(db: Knex): void {
  const spans = new Map<string, Span>();
  db.on('query', (q: QueryEvent) => {
    const span = tracer().startSpan(summarise(q), { kind: SpanKind.CLIENT, attributes: { 'db.system': 'postgresql', 'db.operation.name': q.method ?? 'raw' } });
    spans.set(q.__knexQueryUid, span);
  });
  const finish = (q: QueryEvent, failed: boolean) => {
    const span = spans.get(q.__knexQueryUid);
    if (!span) return;
    spans.delete(q.__knexQueryUid);
    if (failed) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  };
  db.on('query-response', (_r: unknown, q: QueryEvent) => finish(q, false));
  db.on('query-error', (_e: unknown, q: QueryEvent) => finish(q, true));
}
