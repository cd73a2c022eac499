import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { serviceUnavailable } from '../../errors/app-error.js';
import { caseSearchAttributes } from '../../temporal/workflow-start.js';
import { SMS_EMAIL_FALLBACK_WORKFLOW, type SmsEmailFallbackInput, smsEmailFallbackWorkflowId } from '../../workflows/shared/sms-email-fallback.js';

/** Well inside Twilio's 15 s webhook timeout. */
const START_DEADLINE_MS = 5_000;

/**
 * Starts the email that replaces a text the carrier failed late. One workflow per text: a replayed
 * callback finds it running or done and starts nothing (a failed one may be started again). When
 * Temporal cannot be reached the caller answers 503, and the status, already recorded, is asked for
 * the fallback again on the next callback for that message.
 */
export async function startEmailFallback(temporal: Client, taskQueue: string, input: SmsEmailFallbackInput): Promise<'started' | 'already-started'> {
  try {
    await temporal.withDeadline(Date.now() + START_DEADLINE_MS, () =>
      temporal.workflow.start(SMS_EMAIL_FALLBACK_WORKFLOW, {
        taskQueue,
        workflowId: smsEmailFallbackWorkflowId(input.messageId),
        workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
        args: [input],
        typedSearchAttributes: caseSearchAttributes({ caseType: 'message', entityId: input.messageId, tenantId: input.tenantId }),
      }),
    );
    return 'started';
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return 'already-started';
    throw serviceUnavailable('The delivery report was recorded, but its email fallback could not be started; send the report again.');
  }
}
