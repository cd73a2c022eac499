import { ActivityFailure, allHandlersFinished, condition, log, workflowInfo } from '@temporalio/workflow';
import { waiting } from '../referrals/workflow/activities.js';
import { ReferralFlow } from '../referrals/workflow/dispatch.js';
import { installReferralHandlers } from '../referrals/workflow/handlers.js';
import { Notices } from '../referrals/workflow/notices.js';
import { ReferralRun } from '../referrals/workflow/run-state.js';
import { FINAL_STATUSES, type ReferralStatus, type ReferralWorkflowInput } from './shared/referral.js';

export type ReferralWorkflowOutcome = ReferralStatus | 'orphaned';

/**
 * One workflow per referral (`referral-<id>`), from sending until the loop closes (the referrer has
 * reviewed the specialist's report) or the referral is cancelled or rerouted. It knows the stage,
 * its deadline and who must act next: triage → scheduling → visit → report → review, each with the
 * tenant's SLA for the referral's urgency. Decisions arrive through the task inbox; appointment
 * changes as signals; cancel, reroute and requests for information as Workflow Updates.
 */
export async function referralWorkflow(input: ReferralWorkflowInput): Promise<ReferralWorkflowOutcome> {
  const run = new ReferralRun(input, workflowInfo().workflowId);
  const notices = new Notices(run);
  const flow = new ReferralFlow(run, notices);
  installReferralHandlers(run);

  try {
    run.facts = await waiting.loadReferralForWorkflow(input);
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    // The transaction that created the referral rolled back: there is nothing to look after.
    log.warn('referral never became visible; workflow ends', { referralId: input.referralId });
    run.finished = true;
    return 'orphaned';
  }
  run.status = run.facts.status;
  if (FINAL_STATUSES.includes(run.status)) run.finished = true;
  else await flow.start();

  while (!run.finished || run.events.length > 0) {
    const event = run.events.shift();
    if (event) {
      await flow.handle(event);
      continue;
    }
    const timer = run.takeDueTimer(Date.now());
    if (timer) {
      await flow.timer(timer.name, timer.stageKey);
      continue;
    }
    if (run.finished) break;
    const next = run.nextTimerAt();
    if (next === undefined) await condition(() => run.events.length > 0);
    else await condition(() => run.events.length > 0, Math.max(1, next - Date.now()));
  }
  await notices.settled();
  // Let decisions' and commands' updates return their answers before the workflow completes.
  await condition(allHandlersFinished);
  return run.status;
}
