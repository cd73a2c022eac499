import { randomUUID } from 'node:crypto';
import { type RequestHandler } from 'express';
import { runWithContext } from '../../context/request-context.js';

const SAFE_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** Accepts a well-formed incoming X-Request-Id (from a gateway) or mints one, and opens the request context. */
export const requestContext: RequestHandler = (req, res, next) => {
  const incoming = req.header('x-request-id');
  const requestId = incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('x-request-id', requestId);
  runWithContext({ requestId, ip: req.ip, userAgent: req.header('user-agent') }, next);
};
