import { type RequestHandler } from 'express';
import { context, propagation, SpanKind, SpanStatusCode, trace, tracer } from './tracing.js';

/**
 * One server span per request, continuing an incoming W3C traceparent. The span is named after the
 * route template once routing is known; the raw path (which holds IDs) is not recorded.
 */
export const httpTracing: RequestHandler = (req, res, next) => {
  const parent = propagation.extract(context.active(), req.headers);
  const span = tracer().startSpan(`HTTP ${req.method}`, { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method } }, parent);
  res.once('finish', () => {
    const template = req.route ? `${req.baseUrl}${(req.route as { path: string }).path}` : 'unmatched';
    span.updateName(`${req.method} ${template}`);
    span.setAttribute('http.route', template);
    span.setAttribute('http.response.status_code', res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  context.with(trace.setSpan(parent, span), next);
};
