import { context, propagation, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, NoopSpanProcessor, SimpleSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/**
 * OpenTelemetry tracing: off unless an OTLP endpoint (or, in tests, an exporter) is given.
 * Spans are created explicitly (HTTP middleware, Temporal interceptors, Knex query events) rather
 * than by monkey-patching modules, and their attributes carry templates and IDs, never PHI.
 */
export interface TracingHandle {
  /** For the worker's workflow-span sink; a no-op processor when tracing is off. */
  spanProcessor: SpanProcessor;
  resource: Resource;
  shutdown(): Promise<void>;
}

let active: TracingHandle | undefined;

export function initTracing(options: { serviceName: string; otlpEndpoint?: string; exporter?: SpanExporter }): TracingHandle {
  if (active) return active;
  const resource = new Resource({ 'service.name': options.serviceName, 'service.namespace': 'smartclinix' });
  const exporter = options.exporter ?? (options.otlpEndpoint ? new OTLPTraceExporter({ url: `${options.otlpEndpoint.replace(/\/$/, '')}/v1/traces` }) : undefined);
  if (!exporter) {
    return { spanProcessor: new NoopSpanProcessor(), resource, shutdown: () => Promise.resolve() };
  }
  // Tests export synchronously so a span is visible as soon as it ends.
  const spanProcessor = options.exporter ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter);
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register(); // global tracer provider, AsyncLocalStorage context manager, W3C trace context
  active = { spanProcessor, resource, shutdown: () => provider.shutdown() };
  return active;
}

export const tracer = () => trace.getTracer('smartclinix');

/** The active trace and span IDs, for log lines. */
export function traceIds(): { traceId: string; spanId: string } | undefined {
  const ctx = trace.getActiveSpan()?.spanContext();
  return ctx && trace.isSpanContextValid(ctx) ? { traceId: ctx.traceId, spanId: ctx.spanId } : undefined;
}

/** Runs `fn` in a client span (outbound calls: Twilio, SMTP, pharmacy endpoints). */
export async function withClientSpan<T>(name: string, attributes: Record<string, string | number>, fn: (span: Span) => Promise<T>): Promise<T> {
  return tracer().startActiveSpan(name, { kind: SpanKind.CLIENT, attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.name : 'error' });
      throw err;
    } finally {
      span.end();
    }
  });
}

export { context, propagation, type Span, SpanKind, SpanStatusCode, trace };
