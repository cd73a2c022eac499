import { ApplicationFailure } from '@temporalio/workflow';
import { type TaskDecision } from '../../workflows/lib/human-task.js';
import { type CloseCommand, REFERRAL_COMMAND_REJECTED, type ReferralRejectionReason } from '../../workflows/shared/referral.js';
import { store } from './activities.js';
import { type Notices } from './notices.js';
import { cancelTasks, SYSTEM_ACTOR } from './referral-tasks.js';
import { onAppointment, onTimer } from './appointment-flow.js';
import { type OpenTask, type ReferralRun, type RunEvent } from './run-state.js';
import { openDeclineReview, openMoreInfo, openNotScheduled, openReport, openReview, openScheduling, openTriage } from './stage-flow.js';

export const rejection = (reason: ReferralRejectionReason) => ApplicationFailure.create({ type: REFERRAL_COMMAND_REJECTED, message: reason, nonRetryable: true });

const CODE = /^[a-z0-9][a-z0-9-]{0,39}$/;
const codeOr = (value: unknown, fallback: string) => (typeof value === 'string' && CODE.test(value) ? value : fallback);
const idOf = (value: unknown) => (typeof value === 'string' && /^[0-9a-f-]{36}$/i.test(value) ? value : undefined);

/** Reacts to the decisions and events of the loop; the main loop calls it for one event at a time. */
export class ReferralFlow {
  constructor(
    private readonly run: ReferralRun,
    private readonly notices: Notices,
  ) {}

  start = () => openTriage(this.run);

  async handle(event: RunEvent): Promise<void> {
    const { run } = this;
    if (run.finished) {
      if (event.kind === 'request-info' || event.kind === 'close') event.reply.reject(rejection('referral-closed'));
      if (event.kind === 'task') run.processedTasks.add(event.taskId);
      return;
    }
    switch (event.kind) {
      case 'task': {
        const open = run.tasks.get(event.taskId);
        run.tasks.delete(event.taskId);
        if (open && event.result.status === 'completed') await this.decided(open, event.result.decision);
        run.processedTasks.add(event.taskId);
        return;
      }
      case 'appointment':
        return onAppointment(this.run, this.notices, event.event);
      case 'request-info':
      case 'close': {
        const reason = event.kind === 'close' ? run.closeRejection() : run.requestInfoRejection();
        if (reason) return event.reply.reject(rejection(reason));
        try {
          if (event.kind === 'close') await this.close(event.command);
          else await openMoreInfo(run, event.command.actor);
          event.reply.resolve(run.view());
        } catch (err) {
          event.reply.reject(err);
          throw err;
        }
      }
    }
  }

  timer = (name: string, stageKey: string) => onTimer(this.run, this.notices, name, stageKey);

  private async decided(open: OpenTask, decision: TaskDecision): Promise<void> {
    const { run } = this;
    const actor = decision.decidedBy;
    const base = { ...run.input, stageKey: open.stageKey, actor };
    switch (open.role) {
      case 'triage':
        await this.withdrawInfoRequest();
        if (decision.outcome === 'accept') {
          await store.endReferralStage({ ...base, outcome: 'accepted', status: 'accepted' });
          run.triageKey = null;
          return run.loaded.routing.external ? openReport(run) : openScheduling(run, this.notices, 'accepted');
        }
        await store.endReferralStage({ ...base, outcome: 'declined', reason: codeOr(decision.payload?.reason, 'other'), status: 'declined', details: this.noteOf(decision) });
        run.triageKey = null;
        this.notices.send('declined', open.stageKey, () => true);
        return openDeclineReview(run);
      case 'moreInfo': {
        await store.endReferralStage({ ...base, outcome: 'answered', details: this.noteOf(decision) });
        run.moreInfoKey = null;
        await run.taskOf('triage')?.handle.resume();
        const resumed = await store.resumeReferralStage({ ...run.input, stageKey: run.triageKey!, status: 'received', actor });
        run.enter('triage', resumed.stageKey, 'received');
        return;
      }
      case 'declined':
        return this.close({ kind: 'cancel', actor, reason: 'declined' });
      case 'schedule':
        return openNotScheduled(run);
      case 'notScheduled':
        if (decision.outcome === 'cancel') return this.close({ kind: 'cancel', actor, reason: 'not-scheduled' });
        return;
      case 'report': {
        const reportId = idOf(decision.payload?.reportId);
        const attached = reportId ? await store.attachReferralReport({ ...run.input, reportId }) : false;
        await store.endReferralStage({ ...base, outcome: 'report-sent', status: 'report-received', details: { ...(attached ? { reportId } : {}) } });
        return openReview(run);
      }
      case 'review':
        await store.endReferralStage({ ...base, outcome: 'acknowledged' });
        await store.closeReferral({ ...run.input, status: 'closed', reason: 'loop-closed', actor });
        return this.finish('closed');
    }
  }

  /** Cancelled or rerouted at any stage: open tasks are cancelled, waiting notices dropped, the history kept. */
  private async close(command: CloseCommand): Promise<void> {
    const rerouted = command.kind === 'reroute';
    await cancelTasks(this.run, 'all', rerouted ? 'referral-rerouted' : 'referral-cancelled');
    await store.closeReferral({
      ...this.run.input,
      status: rerouted ? 'rerouted' : 'cancelled',
      reason: command.reason,
      actor: command.actor,
      ...(command.noteId ? { noteId: command.noteId } : {}),
      ...(command.replacementReferralId ? { replacementReferralId: command.replacementReferralId } : {}),
    });
    this.finish(rerouted ? 'rerouted' : 'cancelled');
  }

  private finish(status: 'closed' | 'cancelled' | 'rerouted'): void {
    const { run } = this;
    run.clearTimers();
    this.notices.dropWaiting();
    run.status = status;
    run.stage = null;
    run.stageKey = null;
    run.finished = true;
  }

  /** The triage was decided while the referrer still had the question: their task is withdrawn. */
  private async withdrawInfoRequest(): Promise<void> {
    const { run } = this;
    if (!run.moreInfoKey) return;
    await cancelTasks(run, ['moreInfo'], 'triage-decided');
    await store.endReferralStage({ ...run.input, stageKey: run.moreInfoKey, outcome: 'withdrawn', actor: SYSTEM_ACTOR });
    run.moreInfoKey = null;
  }

  private noteOf(decision: TaskDecision): Record<string, unknown> {
    const noteId = idOf(decision.payload?.noteId);
    return noteId ? { noteId } : {};
  }
}
