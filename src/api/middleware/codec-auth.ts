import { timingSafeEqual } from 'node:crypto';
import { type RequestHandler } from 'express';
import { unauthorized } from '../../errors/app-error.js';

/**
 * Interim operator check for the codec endpoint: a configured bearer token (CODEC_BEARER_TOKEN).
 * The identity module replaces this with ops/admin users and audits every decode.
 */
export function requireCodecOperator(token: string): RequestHandler {
  const expected = Buffer.from(token);
  return (req, _res, next) => {
    const header = req.header('authorization') ?? '';
    const presented = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) throw unauthorized();
    next();
  };
}
