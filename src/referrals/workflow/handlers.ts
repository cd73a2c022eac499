import { condition, setHandler } from '@temporalio/workflow';
import {
  awaitReferralTaskUpdate,
  type CloseCommand,
  closeReferralUpdate,
  referralAppointmentSignal,
  referralStateQuery,
  type RequestInfoCommand,
  requestReferralInfoUpdate,
} from '../../workflows/shared/referral.js';
import { rejection } from './dispatch.js';
import { type ReferralRun } from './run-state.js';

/**
 * The referral's commands are Workflow Updates with validators: a request for information outside
 * triage, or any command on a closed referral, is refused before it enters history. Accepted
 * commands are queued and answered once the main loop has acted on them. Appointment changes
 * arrive as a signal from the appointment side.
 */
export function installReferralHandlers(run: ReferralRun): void {
  const refuse = (reason: ReturnType<ReferralRun['closeRejection']>) => {
    if (reason) throw rejection(reason);
  };
  setHandler(referralAppointmentSignal, (event) => run.push({ kind: 'appointment', event }));
  setHandler(requestReferralInfoUpdate, (command) => run.ask((reply) => ({ kind: 'request-info', command, reply })), {
    validator: (_command: RequestInfoCommand) => refuse(run.requestInfoRejection()),
  });
  setHandler(closeReferralUpdate, (command) => run.ask((reply) => ({ kind: 'close', command, reply })), {
    validator: (_command: CloseCommand) => refuse(run.closeRejection()),
  });
  setHandler(awaitReferralTaskUpdate, async ({ taskId }) => {
    await condition(() => run.finished || run.processedTasks.has(taskId) || !run.knownTasks.has(taskId));
    return run.view();
  });
  setHandler(referralStateQuery, () => run.view());
}
