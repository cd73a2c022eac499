/**
 * Twilio signs each webhook request: HMAC-SHA1 over the full URL it called plus the sorted POST
 * parameters, keyed by the auth token (X-Twilio-Signature). The URL is rebuilt from PUBLIC_BASE_URL,
 * the address Twilio was given, not from the Host header a proxy may rewrite. Bad or missing: 403.
 */
import { type RequestHandler } from 'express';
import twilio from 'twilio';
import { forbidden } from '../../errors/app-error.js';

export function verifyTwilioSignature(authToken: string | undefined, publicBaseUrl: string): RequestHandler {
  const base = publicBaseUrl.replace(/\/$/, '');
  return (req, _res, next) => {
    const signature = req.header('x-twilio-signature');
    const params = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
    if (!authToken || !signature || !twilio.validateRequest(authToken, signature, base + req.originalUrl, params)) {
      throw forbidden('The request signature is not valid.');
    }
    next();
  };
}
