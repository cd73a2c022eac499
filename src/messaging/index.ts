/** Public surface of the messaging module: what activities, routes and the dev stack import. */
export { classifyInbound, normalizeInboundBody, OPT_OUT_KEYWORDS, type InboundClassification, type InboundIntent } from './inbound-keywords.js';
export { isReasonableMeansOptOut, mentionsOptOutWord } from './reasonable-opt-out.js';
export { InvalidTimeZoneError } from './local-time.js';
export {
  InvalidSendWindowError,
  LEGAL_SEND_WINDOW,
  nextAllowedSendTime,
  resolveSendWindow,
  type SendWindow,
  type TenantSendWindowConfig,
} from './quiet-hours.js';
export {
  checkFrequencyCap,
  InvalidFrequencyCapError,
  LEGAL_FREQUENCY_CAPS,
  validateFrequencyCaps,
  type FrequencyCaps,
  type FrequencyCheck,
  type FrequencyDecision,
} from './frequency-cap.js';
export { earliestSendTime, type SendSchedule, type SendScheduleQuery } from './send-schedule.js';
export * from './templates/index.js';
export { isSmsStatus, type SmsLookupQuery, type SmsSendRequest, type SmsSendResult, type SmsStatus, type SmsTransport } from './sms-transport.js';
export { PermanentSmsError, TransientSmsError, type PermanentSmsReason } from './sms-errors.js';
export { SenderRateLimiter, type SenderRateLimiterOptions } from './sender-rate-limiter.js';
export {
  STATUS_CALLBACK_KEY_PARAM,
  statusCallbackWithKey,
  TwilioSmsTransport,
  type TwilioSender,
  type TwilioSmsTransportOptions,
} from './twilio-sms-transport.js';
export { TwilioBaseUrlRequestClient } from './twilio-base-url-client.js';
export { mapTwilioError } from './twilio-error-mapping.js';
export { DevSmsTransport, type DevSmsMessage } from './dev-sms-transport.js';
export { sendOnce, type SendOnceOptions, type SendOnceResult } from './send-once.js';
export {
  mapSmtpError,
  messageIdFor,
  PermanentEmailError,
  SmtpEmailTransport,
  TransientEmailError,
  type EmailSendRequest,
  type EmailSendResult,
  type SmtpEmailTransportOptions,
} from './email-transport.js';
export { SmtpCatcher, type CaughtEmail, type SmtpCatcherOptions } from './smtp-catcher.js';
