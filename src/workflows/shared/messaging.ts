import { type ActivityOptions } from '@temporalio/common';
import { defineSignal } from '@temporalio/workflow';

/**
 * The contract between workflows and the messaging module. Workflows carry IDs only: the send
 * activity re-reads the recipient's contact details, consent, language and timezone, and the
 * template's variables (from `subject`), from PostgreSQL at send time.
 */
export type MessageChannel = 'sms' | 'email';

/** `preferred`: the patient's preferred channel, falling back to the other one they consented to. */
export type ChannelChoice = MessageChannel | 'preferred';

/**
 * Why a message is sent; it decides which gates apply. Staff clinical alerts (critical results)
 * are exempt from the patient frequency cap and quiet hours; nothing is exempt from consent.
 */
export type MessagePurpose = 'appointment-reminder' | 'patient-notice' | 'staff-clinical-alert';

/** Entities whose details fill a template; each feature registers a resolver for its type. */
export type MessageSubjectType = 'appointment' | 'referral' | 'lab-result' | 'prescription' | 'task' | 'none';

export interface SendMessageRequest {
  tenantId: string;
  /** Stable for one intended message, e.g. `${workflowId}:reminder:48h`: the ledger's exactly-once key. */
  idempotencyKey: string;
  recipient: { type: 'patient'; patientId: string } | { type: 'user'; userId: string };
  /** A template key of the catalog (src/messaging/templates). */
  template: string;
  channel: ChannelChoice;
  purpose: MessagePurpose;
  subject?: { type: MessageSubjectType; id: string };
  /** Two-way SMS: replies from this patient are signalled to this workflow until `expiresAt` (ISO). */
  replyTo?: { workflowId: string; expiresAt: string };
}

export type SuppressionReason =
  | 'no-consent'
  | 'opted-out'
  | 'no-contact'
  | 'invalid-number'
  | 'carrier-unsubscribed'
  | 'recipient-inactive';

export type SendMessageOutcome =
  | { status: 'sent'; messageId: string; channel: MessageChannel }
  | { status: 'suppressed'; messageId: string; reason: SuppressionReason }
  /** Not sent yet: the workflow sleeps until `until` (ISO) and asks again with the same key. */
  | { status: 'deferred'; messageId: string; until: string; reason: 'quiet-hours' | 'frequency-cap' };

/** A patient's reply, offered to the workflow waiting for it. The text itself is never in history. */
export interface PatientReply {
  replyId: string;
  intent: 'confirm' | 'decline' | 'reschedule' | 'other';
  via: 'sms' | 'email-link';
}

export const patientReplySignal = defineSignal<[PatientReply]>('patientReply');

/** Failures of `sendMessage` that no retry can fix (a wrong request, a refused message). */
export const MESSAGING_NON_RETRYABLE_ERRORS = [
  'InvalidMessageRequestError',
  'MessageRecipientNotFoundError',
  'MessageKeyConflictError',
  'MessageUndeliverableError',
  'PermanentSmsError',
  'PermanentEmailError',
  'UnknownTemplateError',
  'TemplateVariableNotAllowedError',
  'MissingTemplateVariableError',
  'InvalidTemplateVariableError',
  'InvalidTemplateOverrideError',
  'SmsTooLongError',
  'InvalidTimeZoneError',
] as const;

/**
 * How workflows proxy `sendMessage`: `proxyActivities<MessagingActivities>(MESSAGING_ACTIVITY_OPTIONS)`.
 * Provider 429/5xx and network failures retry with backoff (the ledger makes every retry safe); the
 * heartbeat lets a crashed worker's attempt be retried within a minute; a long start-to-close leaves
 * room for the 1-per-second queue of a busy sending number.
 */
export const MESSAGING_ACTIVITY_OPTIONS = {
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '30 seconds',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    maximumAttempts: 30,
    nonRetryableErrorTypes: [...MESSAGING_NON_RETRYABLE_ERRORS],
  },
} satisfies ActivityOptions;
