/**
 * A workflow for the messaging tests only (bundled by the tests, never registered in production):
 * sends one message through the real activity with the production retry policy, sleeps durably while
 * it is deferred, then waits a while for the patient's reply.
 */
import { condition, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { MessagingActivities } from '../../../src/activities/messaging.js';
import {
  MESSAGING_ACTIVITY_OPTIONS,
  type PatientReply,
  patientReplySignal,
  type SendMessageOutcome,
  type SendMessageRequest,
} from '../../../src/workflows/shared/messaging.js';

export interface MessageTestInput {
  request: SendMessageRequest;
  /** Shorter timings than production so a crashed attempt is retried within seconds. */
  heartbeatTimeout?: string;
  initialInterval?: string;
  waitForReplyMs?: number;
}

export interface MessageTestResult {
  outcome: SendMessageOutcome;
  replies: PatientReply[];
}

export async function messageTestWorkflow(input: MessageTestInput): Promise<MessageTestResult> {
  const { sendMessage } = proxyActivities<MessagingActivities>({
    ...MESSAGING_ACTIVITY_OPTIONS,
    heartbeatTimeout: input.heartbeatTimeout ?? MESSAGING_ACTIVITY_OPTIONS.heartbeatTimeout,
    retry: { ...MESSAGING_ACTIVITY_OPTIONS.retry, initialInterval: input.initialInterval ?? MESSAGING_ACTIVITY_OPTIONS.retry.initialInterval },
  });
  const replies: PatientReply[] = [];
  setHandler(patientReplySignal, (reply) => void replies.push(reply));
  let outcome = await sendMessage(input.request);
  while (outcome.status === 'deferred') {
    await sleep(Math.max(Date.parse(outcome.until) - Date.now(), 1));
    outcome = await sendMessage(input.request);
  }
  if (input.waitForReplyMs) await condition(() => replies.length > 0, input.waitForReplyMs);
  return { outcome, replies };
}
