import { log, proxyActivities, sleep } from '@temporalio/workflow';
import type { MessagingActivities } from '../activities/messaging.js';
import { MESSAGING_ACTIVITY_OPTIONS } from './shared/messaging.js';
import { type SmsEmailFallbackInput, type SmsEmailFallbackOutcome } from './shared/sms-email-fallback.js';

const { sendLateFailureEmail } = proxyActivities<MessagingActivities>(MESSAGING_ACTIVITY_OPTIONS);

/** An email held this many times (it never is: emails wait for nothing but the send window) is given up on. */
const MAX_DEFERRALS = 5;

/**
 * A text the carrier failed after it was accepted: its message goes by email instead. The activity
 * re-checks every rule at send time and sends exactly once (the ledger key is the text's key plus
 * `#email-fallback`); a deferred email sleeps here, durably, and is asked again.
 */
export async function smsEmailFallbackWorkflow(input: SmsEmailFallbackInput): Promise<SmsEmailFallbackOutcome> {
  for (let deferrals = 0; ; deferrals++) {
    const outcome = await sendLateFailureEmail(input);
    if (outcome.status !== 'deferred' || deferrals >= MAX_DEFERRALS) {
      log.info('late sms failure handled', { messageId: input.messageId, status: outcome.status, ...('reason' in outcome ? { reason: outcome.reason } : {}) });
      return outcome;
    }
    await sleep(Math.max(1_000, Date.parse(outcome.until) - Date.now()));
  }
}
