import { type SendMessageOutcome } from './messaging.js';

/** What the API needs to start a late-failure email (src/messaging/status/late-failure.ts); imports no workflow code. */
export const SMS_EMAIL_FALLBACK_WORKFLOW = 'smsEmailFallbackWorkflow';
/** One per failed text: a replayed status callback finds it started and starts nothing. */
export const smsEmailFallbackWorkflowId = (messageId: string) => `sms-email-fallback-${messageId}`;

export interface SmsEmailFallbackInput {
  tenantId: string;
  /** The ledger row of the text the carrier failed. */
  messageId: string;
}

/** Why no email replaced the text: the rule no longer holds at send time, or the recipient has no usable email. */
export type SmsEmailFallbackSkip =
  | 'not-found'
  | 'off'
  | 'not-a-late-sms-failure'
  | 'is-a-fallback'
  | 'purpose'
  | 'too-late'
  | 'reply-window-closed'
  | 'subject-no-longer-current'
  | 'no-email';

/** The email's send outcome (sent, suppressed or deferred), or why none was attempted. */
export type SmsEmailFallbackOutcome = SendMessageOutcome | { status: 'skipped'; reason: SmsEmailFallbackSkip };
