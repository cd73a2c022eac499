import { proxyActivities } from '@temporalio/workflow';
import type { MessagingActivities } from '../../activities/messaging.js';
import type { ReferralActivities } from '../../activities/referrals.js';
import { MESSAGING_ACTIVITY_OPTIONS } from '../../workflows/shared/messaging.js';
import { REFERRAL_INVALID } from '../../workflows/shared/referral.js';

/** The referral activities as the workflow sees them; every one is idempotent, so retries are safe. */
export const store = proxyActivities<ReferralActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '30 seconds', nonRetryableErrorTypes: [REFERRAL_INVALID] },
});

/**
 * Reads that wait for another transaction to commit (the referral's creation, a booking naming the
 * referral), about 30 s at most: one that rolled back is given up on.
 */
export const waiting = proxyActivities<ReferralActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 1.5, maximumInterval: '5 seconds', maximumAttempts: 12, nonRetryableErrorTypes: [REFERRAL_INVALID] },
});

// The ledger makes a retried send exactly-once (same idempotency key).
export const { sendMessage } = proxyActivities<MessagingActivities>(MESSAGING_ACTIVITY_OPTIONS);
