import { proxyActivities } from '@temporalio/workflow';
import type { AppointmentActivities } from '../../activities/appointments.js';
import type { MessagingActivities } from '../../activities/messaging.js';
import { MESSAGING_ACTIVITY_OPTIONS } from '../../workflows/shared/messaging.js';

/** The appointment activities as the workflow sees them; each re-reads or guards the row, so retries are safe. */
export const store = proxyActivities<AppointmentActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '30 seconds' },
});

/** The booking transaction starts the workflow before it commits: wait for the row, about 30 s at most. */
export const { loadAppointmentForWorkflow } = proxyActivities<AppointmentActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 1.5, maximumInterval: '5 seconds', maximumAttempts: 12 },
});

// The ledger makes a retried send exactly-once (same idempotency key); a send that gives up skips its step.
export const { sendMessage } = proxyActivities<MessagingActivities>(MESSAGING_ACTIVITY_OPTIONS);
