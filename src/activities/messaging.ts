import { Context } from '@temporalio/activity';
import { type Knex } from 'knex';
import { deliverMessage } from '../messaging/delivery/deliver-message.js';
import { type EmailSender, type MessagingRuntime } from '../messaging/delivery/deps.js';
import { type SmsTransport } from '../messaging/sms-transport.js';
import { type SubjectResolvers } from '../messaging/subject-resolvers.js';
import { type SendMessageOutcome, type SendMessageRequest } from '../workflows/shared/messaging.js';

export interface MessagingActivityDeps {
  db: Knex;
  sms: SmsTransport;
  email: EmailSender;
  /** Features' template resolvers by subject type (appointment, referral…). */
  subjectResolvers: SubjectResolvers;
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
  return {
    async sendMessage(request: SendMessageRequest): Promise<SendMessageOutcome> {
      const context = Context.current();
      const heartbeat = setInterval(() => context.heartbeat(), HEARTBEAT_EVERY_MS);
      try {
        return await deliverMessage({ ...deps, clock, log: context.log }, request, { workflowId: context.info.workflowExecution?.workflowId });
      } finally {
        clearInterval(heartbeat);
      }
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
