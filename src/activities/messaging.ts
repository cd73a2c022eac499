import { Context } from '@temporalio/activity';
import { type Knex } from 'knex';
import { deliverMessage } from '../messaging/delivery/deliver-message.js';
import { sendLateFailureEmail } from '../messaging/delivery/late-failure-email.js';
import { type EmailSender, type MessagingRuntime } from '../messaging/delivery/deps.js';
import { type SmsTransport } from '../messaging/sms-transport.js';
import { type SubjectCurrencyChecks, type SubjectResolvers } from '../messaging/subject-resolvers.js';
import { type SendMessageOutcome, type SendMessageRequest } from '../workflows/shared/messaging.js';
import { type SmsEmailFallbackInput, type SmsEmailFallbackOutcome } from '../workflows/shared/sms-email-fallback.js';

export interface MessagingActivityDeps {
  db: Knex;
  sms: SmsTransport;
  email: EmailSender;
  /** Features' template resolvers by subject type (appointment, referral…). */
  subjectResolvers: SubjectResolvers;
  /** Features' checks that a message about their entity still matters when sent late (appointments). */
  subjectCurrency?: SubjectCurrencyChecks;
  messaging: MessagingRuntime;
  /** Injected in tests (quiet hours, caps); the system clock otherwise. */
  clock?: () => Date;
}

/** Heartbeats keep a slow send (a busy number's queue) alive and let a dead worker's attempt be retried soon. */
const HEARTBEAT_EVERY_MS = 10_000;

/**
 * The messaging activity. Proxy it with MESSAGING_ACTIVITY_OPTIONS (src/workflows/shared/messaging.ts).
 * Exactly once per `idempotencyKey`: retries, replays and a worker crash mid-send never send twice.
 */
export function createMessagingActivities(deps: MessagingActivityDeps) {
  const clock = deps.clock ?? (() => new Date());
  /** Runs a send with heartbeats, the activity's logger and its workflow's ID. */
  async function heartbeating<T>(send: (log: Context['log'], workflowId: string | undefined) => Promise<T>): Promise<T> {
    const context = Context.current();
    const heartbeat = setInterval(() => context.heartbeat(), HEARTBEAT_EVERY_MS);
    try {
      return await send(context.log, context.info.workflowExecution?.workflowId);
    } finally {
      clearInterval(heartbeat);
    }
  }
  return {
    sendMessage(request: SendMessageRequest): Promise<SendMessageOutcome> {
      return heartbeating((log, workflowId) => deliverMessage({ ...deps, clock, log }, request, { workflowId }));
    },
    /** A text the carrier failed after accepting it, sent again by email (smsEmailFallbackWorkflow). */
    sendLateFailureEmail(input: SmsEmailFallbackInput): Promise<SmsEmailFallbackOutcome> {
      return heartbeating((log, workflowId) => sendLateFailureEmail({ ...deps, clock, log }, input, { workflowId }));
    },
  };
}

/**
 * The same exactly-once send as a plain function, for activities that send as one of their own steps
 * (e.g. lab-result alerts: `ActivityDeps.sendMessage`). The caller's activity retries it as it retries itself.
 */
export function createMessageSender(deps: MessagingActivityDeps): (request: SendMessageRequest) => Promise<SendMessageOutcome> {
  const clock = deps.clock ?? (() => new Date());
  return (request) => deliverMessage({ ...deps, clock }, request);
}

export type MessagingActivities = ReturnType<typeof createMessagingActivities>;
