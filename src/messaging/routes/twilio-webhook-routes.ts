import { Router } from 'express';
import { type AppDeps } from '../../api/app-deps.js';
import { defineRoute } from '../../api/openapi/define-route.js';
import { z } from '../../api/openapi/registry.js';
import { STATUS_CALLBACK_KEY_PARAM } from '../twilio-sms-transport.js';
import { processInboundSms } from '../inbound/process-inbound-sms.js';
import { twimlResponse } from '../inbound/keyword-reply.js';
import { processStatusCallback } from '../status/process-status-callback.js';
import { startEmailFallback } from '../status/start-email-fallback.js';
import { verifyTwilioSignature } from './twilio-signature.js';

const tags = ['Webhooks'];
const FORM = 'application/x-www-form-urlencoded';
const Sid = z.string().regex(/^[A-Z]{2}[0-9a-f]{32}$/, 'must be a Twilio SID');
const E164 = z.string().regex(/^\+[1-9]\d{6,14}$/);

const InboundForm = z.looseObject({ MessageSid: Sid, From: E164, To: E164, Body: z.string().max(1600).default('') });
const StatusForm = z.looseObject({ MessageSid: Sid, MessageStatus: z.string().max(32), ErrorCode: z.string().max(16).optional() });
const StatusQuery = z.looseObject({ t: z.string().max(64), [STATUS_CALLBACK_KEY_PARAM]: z.string().max(64).optional() });

/** Twilio's webhooks: inbound texts and delivery status. Public, but every call must carry Twilio's signature. */
export function twilioWebhookRoutes({ db, temporal, config, logger }: AppDeps): Router {
  const router = Router();
  const signed = [verifyTwilioSignature(config.messaging.twilioWebhookAuthToken, config.http.publicBaseUrl)];
  const settings = { publicBaseUrl: config.http.publicBaseUrl, contentKeys: config.payloadKeys };

  defineRoute(router, {
    method: 'post',
    path: '/api/v1/webhooks/twilio/sms',
    summary: 'Inbound SMS (Twilio): keywords, replies to waiting conversations',
    description: 'Answers TwiML: the one confirmation after STOP or START, the help text, or nothing. A replayed MessageSid is processed once.',
    tags,
    before: signed,
    body: InboundForm,
    bodyContentType: FORM,
    responses: { 200: { description: 'TwiML', schema: z.string(), contentType: 'text/xml' } },
    handler: async ({ body, res }) => {
      const result = await processInboundSms({ db, temporal, settings }, { messageSid: body.MessageSid, from: body.From, to: body.To, body: body.Body });
      logger.info({ messageSid: body.MessageSid, handledAs: result.handledAs }, 'inbound sms');
      res.type('text/xml').send(twimlResponse('reply' in result ? result.reply : undefined));
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/api/v1/webhooks/twilio/status',
    summary: 'Delivery status callback (Twilio)',
    description:
      'Moves the message forward only; a terminal status never changes. A replayed (MessageSid, status) is processed once. ' +
      'A text reported undelivered or failed after it was accepted goes by email instead (when the recipient consented to email ' +
      'and the report comes within SMS_LATE_FAILURE_EMAIL_WINDOW_MINUTES); 503 when that email could not be started, so the report can be sent again.',
    tags,
    before: signed,
    query: StatusQuery,
    body: StatusForm,
    bodyContentType: FORM,
    successStatus: 204,
    responses: { 204: { description: 'Recorded (or already seen)' }, 503: { description: 'Recorded, but the email fallback could not be started' } },
    handler: async ({ body, query }) => {
      const { result, lateFailure } = await processStatusCallback(
        db,
        { tenantId: query.t, messageId: query[STATUS_CALLBACK_KEY_PARAM], messageSid: body.MessageSid, messageStatus: body.MessageStatus, errorCode: body.ErrorCode },
        { lateFailureEmailWindowMs: config.messaging.lateFailureEmailWindowMs },
      );
      const fallback = lateFailure ? await startEmailFallback(temporal, config.temporal.taskQueue, lateFailure) : undefined;
      logger.info({ messageSid: body.MessageSid, status: body.MessageStatus, result, ...(fallback ? { emailFallback: fallback, messageId: lateFailure?.messageId } : {}) }, 'sms status callback');
    },
  });
  return router;
}
