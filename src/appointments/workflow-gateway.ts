import { type Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { type AppError, conflict, serviceUnavailable } from '../errors/app-error.js';
import { caseSearchAttributes } from '../temporal/workflow-start.js';
import {
  APPOINTMENT_CASE_TYPE,
  APPOINTMENT_CHANGE_REJECTED,
  APPOINTMENT_WORKFLOW,
  type AppointmentRejectionReason,
  type AppointmentWorkflowInput,
  type AppointmentWorkflowState,
  appointmentStateQuery,
  appointmentWorkflowId,
} from '../workflows/shared/appointment.js';

/**
 * The API's side of the appointment workflow. Every call has a deadline: a request never hangs on
 * Temporal, and the caller's transaction rolls back on a 503, so no change exists only half-made.
 */
export interface WorkflowGatewayOptions {
  temporal: Client;
  taskQueue: string;
  /** How long a booking or change waits for Temporal. */
  deadlineMs?: number;
}

const DEFAULT_DEADLINE_MS = 10_000;
const QUERY_DEADLINE_MS = 3_000;

const REJECTIONS: Record<AppointmentRejectionReason, string> = {
  'appointment-closed': 'The appointment is closed.',
  'not-upcoming': 'Only an upcoming appointment can be changed this way.',
  'stale-version': 'The appointment has changed since; reload it and retry.',
  'invalid-transition': 'The appointment cannot move to that status.',
};

function rejectionOf(err: unknown): ApplicationFailure | undefined {
  let current: unknown = err;
  for (let depth = 0; current && depth < 5; depth += 1) {
    if (current instanceof ApplicationFailure && current.type === APPOINTMENT_CHANGE_REJECTED) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function toAppError(err: unknown): AppError {
  const rejection = rejectionOf(err);
  if (rejection) {
    const reason = rejection.message as AppointmentRejectionReason;
    return conflict(REJECTIONS[reason] ?? 'The appointment workflow refused the change.', { reason });
  }
  if (err instanceof WorkflowUpdateFailedError) return serviceUnavailable('The appointment workflow could not apply the change; nothing was changed.');
  if (err instanceof WorkflowNotFoundError) return serviceUnavailable('The appointment workflow is not running; nothing was changed.');
  return serviceUnavailable('Scheduling is temporarily unavailable; nothing was changed. Retry the request.');
}

export class AppointmentWorkflowGateway {
  private readonly deadlineMs: number;

  constructor(private readonly options: WorkflowGatewayOptions) {
    this.deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  }

  /** Starts `appointment-<id>`; findable in the Temporal UI by `ScxEntityId` (IDs only). */
  async start(input: AppointmentWorkflowInput): Promise<string> {
    const workflowId = appointmentWorkflowId(input.appointmentId);
    const { temporal, taskQueue } = this.options;
    try {
      await temporal.withDeadline(Date.now() + this.deadlineMs, () =>
        temporal.workflow.start(APPOINTMENT_WORKFLOW, {
          taskQueue,
          workflowId,
          args: [input],
          typedSearchAttributes: caseSearchAttributes({ caseType: APPOINTMENT_CASE_TYPE, entityId: input.appointmentId, tenantId: input.tenantId }),
        }),
      );
      return workflowId;
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) throw conflict('This appointment is already booked.');
      throw serviceUnavailable('Scheduling is temporarily unavailable; nothing was booked. Retry the request.');
    }
  }

  /** Sends a change as a Workflow Update: accepted (the new state) or refused (409), synchronously. */
  async update<Arg>(appointmentId: string, update: UpdateDefinition<AppointmentWorkflowState, [Arg]>, command: Arg): Promise<AppointmentWorkflowState> {
    const { temporal } = this.options;
    try {
      return await temporal.withDeadline(Date.now() + this.deadlineMs, () =>
        temporal.workflow.getHandle(appointmentWorkflowId(appointmentId)).executeUpdate(update, { args: [command] }),
      );
    } catch (err) {
      throw toAppError(err);
    }
  }

  /** The workflow's view (reminder plan and phase), or null while Temporal or the worker cannot answer. */
  async state(appointmentId: string): Promise<AppointmentWorkflowState | null> {
    const { temporal } = this.options;
    try {
      return await temporal.withDeadline(Date.now() + QUERY_DEADLINE_MS, () =>
        temporal.workflow.getHandle(appointmentWorkflowId(appointmentId)).query(appointmentStateQuery),
      );
    } catch {
      return null;
    }
  }
}
