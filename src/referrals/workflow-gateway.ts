import { type Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { type AppError, conflict, serviceUnavailable } from '../errors/app-error.js';
import { caseSearchAttributes } from '../temporal/workflow-start.js';
import {
  awaitReferralTaskUpdate,
  REFERRAL_CASE_TYPE,
  REFERRAL_COMMAND_REJECTED,
  REFERRAL_WORKFLOW,
  type ReferralRejectionReason,
  type ReferralWorkflowInput,
  type ReferralWorkflowView,
  referralStateQuery,
  referralWorkflowId,
} from '../workflows/shared/referral.js';

const DEADLINE_MS = 10_000;
const AWAIT_DEADLINE_MS = 30_000;
const QUERY_DEADLINE_MS = 3_000;

const REJECTIONS: Record<ReferralRejectionReason, string> = {
  'referral-closed': 'The referral is already closed.',
  'wrong-stage': 'The referral is not at a stage where this can be done.',
  'info-already-requested': 'More information has already been requested and not yet answered.',
  'referral-loading': 'The referral is still being set up; retry in a moment.',
};

function rejectionOf(err: unknown): ApplicationFailure | undefined {
  let current: unknown = err;
  for (let depth = 0; current && depth < 5; depth += 1) {
    if (current instanceof ApplicationFailure && current.type === REFERRAL_COMMAND_REJECTED) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function toAppError(err: unknown): AppError {
  const rejection = rejectionOf(err);
  if (rejection) {
    const reason = rejection.message as ReferralRejectionReason;
    return conflict(REJECTIONS[reason] ?? 'The referral workflow refused the command.', { reason });
  }
  if (err instanceof WorkflowNotFoundError) return conflict(REJECTIONS['referral-closed'], { reason: 'referral-closed' });
  if (err instanceof WorkflowUpdateFailedError) return serviceUnavailable('The referral workflow could not apply the command; nothing was changed.');
  return serviceUnavailable('Referrals are temporarily unavailable; retry the request.');
}

/** The API's side of the referral workflow; every call has a deadline, so a request never hangs on Temporal. */
export class ReferralWorkflowGateway {
  constructor(private readonly options: { temporal: Client; taskQueue: string }) {}

  /** Starts `referral-<id>` (IDs only; findable by `ScxEntityId`), inside the caller's transaction. */
  async start(input: ReferralWorkflowInput): Promise<string> {
    const workflowId = referralWorkflowId(input.referralId);
    const { temporal, taskQueue } = this.options;
    try {
      await temporal.withDeadline(Date.now() + DEADLINE_MS, () =>
        temporal.workflow.start(REFERRAL_WORKFLOW, {
          taskQueue,
          workflowId,
          args: [input],
          typedSearchAttributes: caseSearchAttributes({ caseType: REFERRAL_CASE_TYPE, entityId: input.referralId, tenantId: input.tenantId }),
        }),
      );
      return workflowId;
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) throw conflict('This referral has already been sent.');
      throw serviceUnavailable('Referrals are temporarily unavailable; nothing was sent. Retry the request.');
    }
  }

  /** A command as a Workflow Update: the workflow's view after it, or 409 when refused. */
  async update<Arg>(referralId: string, update: UpdateDefinition<ReferralWorkflowView, [Arg]>, command: Arg): Promise<ReferralWorkflowView> {
    const { temporal } = this.options;
    try {
      return await temporal.withDeadline(Date.now() + AWAIT_DEADLINE_MS, () =>
        temporal.workflow.getHandle(referralWorkflowId(referralId)).executeUpdate(update, { args: [command] }),
      );
    } catch (err) {
      throw toAppError(err);
    }
  }

  /** Waits until the workflow has acted on one of its decided tasks. */
  awaitTask(referralId: string, taskId: string): Promise<ReferralWorkflowView> {
    return this.update(referralId, awaitReferralTaskUpdate, { taskId });
  }

  /** The workflow's own view, or null while Temporal or the worker cannot answer. */
  async state(referralId: string): Promise<ReferralWorkflowView | null> {
    const { temporal } = this.options;
    try {
      return await temporal.withDeadline(Date.now() + QUERY_DEADLINE_MS, () => temporal.workflow.getHandle(referralWorkflowId(referralId)).query(referralStateQuery));
    } catch {
      return null;
    }
  }
}
