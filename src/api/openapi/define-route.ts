import { type Request, type RequestHandler, type Response, type Router } from 'express';
import { type z } from 'zod';
import { authorize, requireAuth } from '../../authz/guards.js';
import { type Action, type SubjectType } from '../../authz/subjects.js';
import { AppError } from '../../errors/app-error.js';
import { ProblemSchema, registry } from './registry.js';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type AnyObject = z.ZodObject<z.ZodRawShape>;

export interface RouteSpec<P extends AnyObject, Q extends AnyObject, B extends z.ZodType> {
  method: Method;
  /** Express-style path, e.g. `/api/v1/patients/:id`. */
  path: string;
  summary: string;
  tags: string[];
  description?: string;
  /**
   * How callers authenticate; omit for a public route. Declaring it also enforces it: the route
   * answers 401 to a request without valid credentials.
   */
  security?: ('bearerAuth' | 'apiKey')[];
  /**
   * The permission the route needs, checked against the caller's abilities before anything else
   * (403 when the role can never do it; audited). Implies `security: ['bearerAuth']` unless given.
   * Record-level conditions are the data layer's job (`accessibleWhere`).
   */
  permission?: [Action, SubjectType];
  params?: P;
  query?: Q;
  body?: B;
  bodyContentType?: string;
  /** Runs after the auth checks and before validation. */
  before?: RequestHandler[];
  successStatus?: number;
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>;
  /** Returns the response body, or undefined when it wrote the response itself. */
  handler: (input: { params: z.infer<P>; query: z.infer<Q>; body: z.infer<B>; req: Request; res: Response }) => unknown;
}

function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function parseOrThrow<T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): z.infer<T> {
  if (!schema) return value as z.infer<T>;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new AppError(400, 'validation-failed', 'Validation failed', `The request ${where} is not valid.`, {
    errors: result.error.issues.map((i) => ({ pointer: `/${[where, ...i.path.map(String)].join('/')}`, detail: i.message })),
  });
}

/**
 * Declares a route once: the same zod schemas validate the request and produce its OpenAPI entry,
 * so the documentation cannot drift from what the server accepts. Handlers stay thin: they receive
 * parsed input and call one use-case function; errors go to the one error handler.
 */
export function defineRoute<P extends AnyObject, Q extends AnyObject, B extends z.ZodType>(
  router: Router,
  spec: RouteSpec<P, Q, B>,
): void {
  const security = spec.security ?? (spec.permission ? ['bearerAuth' as const] : undefined);
  const guards: RequestHandler[] = spec.permission
    ? [authorize(...spec.permission)]
    : security && security.length > 0
      ? [requireAuth]
      : [];
  const responses = Object.fromEntries(
    Object.entries(spec.responses).map(([status, r]) => [
      status,
      {
        description: r.description,
        ...(r.schema ? { content: { [r.contentType ?? 'application/json']: { schema: r.schema } } } : {}),
      },
    ]),
  );
  for (const status of [400, 401, 403, 404, 409, 500]) {
    responses[status] ??= {
      description: 'Problem',
      content: { 'application/problem+json': { schema: ProblemSchema } },
    };
  }
  registry.registerPath({
    method: spec.method,
    path: toOpenApiPath(spec.path),
    summary: spec.summary,
    description: spec.description,
    tags: spec.tags,
    security: security?.map((name) => ({ [name]: [] })),
    request: {
      ...(spec.params ? { params: spec.params } : {}),
      ...(spec.query ? { query: spec.query } : {}),
      ...(spec.body ? { body: { content: { [spec.bodyContentType ?? 'application/json']: { schema: spec.body } } } } : {}),
    },
    responses,
  });

  const handler: RequestHandler = async (req, res) => {
    const params = parseOrThrow(spec.params, req.params, 'params');
    const query = parseOrThrow(spec.query, req.query, 'query');
    const body = parseOrThrow(spec.body, req.body, 'body');
    const result = await spec.handler({ params, query, body, req, res });
    if (result !== undefined && !res.headersSent) res.status(spec.successStatus ?? 200).json(result);
    else if (!res.headersSent) res.status(spec.successStatus ?? 204).end();
  };
  router[spec.method](spec.path, ...guards, ...(spec.before ?? []), handler);
}
