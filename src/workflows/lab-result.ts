import { allHandlersFinished, condition, continueAsNew, log, setHandler, workflowInfo } from '@temporalio/workflow';
import { labActivities as acts } from './lab-result-steps/activities.js';
import { enqueueRevision, type LabCase, newLabCase, workflowStateOf } from './lab-result-steps/case-state.js';
import { startCriticalPath } from './lab-result-steps/critical-path.js';
import { awaitReconciliation } from './lab-result-steps/reconcile.js';
import { installReleaseHandlers, releaseToPatient, resumeHold } from './lab-result-steps/release.js';
import { cancelOpenReview, openReview } from './lab-result-steps/review.js';
import { type LabResultWorkflowInput, labResultStateQuery, revisionReceivedSignal } from './shared/lab-result.js';

export { labResultStateQuery, placeHoldUpdate, releaseResultUpdate, revisionReceivedSignal } from './shared/lab-result.js';

/** Who the result belongs to: matched automatically, or by a person from the reconciliation queue. */
async function ensureMatched(c: LabCase, revisionId: string): Promise<void> {
  if (c.matchStatus === 'matched') return;
  const decision = await acts.matchLabReport({ ...c.input, revisionId });
  if (decision.status === 'matched') {
    c.matchStatus = 'matched';
    c.patientId = decision.patientId;
    c.orderingPractitionerId = decision.orderingPractitionerId;
    return;
  }
  c.matchStatus = decision.status;
  c.phase = 'awaiting-reconciliation';
  await awaitReconciliation(c, revisionId, decision.reason);
  c.phase = 'processing';
}

/** Match → classify → route → release, for one revision (preliminary, final or corrected). */
async function processRevision(c: LabCase, revisionId: string): Promise<void> {
  await ensureMatched(c, revisionId);
  const applied = await acts.applyLabRevision({ ...c.input, revisionId });
  if (applied.outcome === 'applied') {
    c.status = applied.revision;
    const criticalPending = c.critical !== undefined && !c.critical.acknowledged;
    const needsAcknowledgement =
      applied.criticalKey !== null && (applied.corrected || applied.criticalKey !== c.ackedCriticalKey);
    if (applied.revision === 'cancelled') {
      await cancelOpenReview(c, 'cancelled');
      await acts.recordLabResultEvent({ tenantId: c.input.tenantId, event: { reportId: c.input.reportId, key: `cancelled:${revisionId}`, kind: 'cancelled', revisionId } });
    } else if (applied.classification === 'critical' && (needsAcknowledgement || criticalPending)) {
      // One acknowledgement task at a time: a newer revision of a pending critical is covered by it.
      await cancelOpenReview(c, 'superseded');
      if (!criticalPending) startCriticalPath(c, { revisionId, criticalKey: applied.criticalKey!, corrected: applied.corrected });
    } else {
      await openReview(c, revisionId, applied);
    }
    if (applied.revision === 'final' || applied.revision === 'corrected') {
      await c.lock.run(() => releaseToPatient(c, `revision:${revisionId}`));
    }
  }
  await acts.markLabRevisionRouted({ tenantId: c.input.tenantId, revisionId });
}

/**
 * One workflow per lab result report (`lab-result-<reportId>`). Revisions arrive by signal and are
 * routed in order; review, acknowledgement and reconciliation tasks, the critical escalation chain
 * and the release hold run alongside. State lives in PostgreSQL, so a new run (after the previous
 * one completed, or continue-as-new) picks up where it stands. The run ends when nothing is left
 * open.
 */
export async function labResultWorkflow(input: LabResultWorkflowInput): Promise<void> {
  const c = newLabCase(input);
  setHandler(revisionReceivedSignal, ({ revisionId }) => enqueueRevision(c, revisionId));
  setHandler(labResultStateQuery, () => workflowStateOf(c));
  installReleaseHandlers(c);

  const loaded = await acts.loadLabResultCase(input);
  Object.assign(c, {
    timings: loaded.timings,
    matchStatus: loaded.matchStatus,
    patientId: loaded.patientId,
    orderingPractitionerId: loaded.orderingPractitionerId,
    status: loaded.status,
    released: loaded.released,
    holdUntil: loaded.holdUntil,
    ackedCriticalKey: loaded.acknowledgedCriticalKey,
    loaded: true,
  });
  loaded.unroutedRevisionIds.forEach((id) => enqueueRevision(c, id));
  resumeHold(c);

  for (;;) {
    await condition(() => c.pending.length > 0 || c.failure !== undefined || c.active === 0);
    if (c.failure !== undefined) throw c.failure as Error;
    const next = c.pending.shift();
    if (next !== undefined) {
      await processRevision(c, next);
      c.phase = 'idle';
      // Unrouted revisions are re-read from PostgreSQL, so nothing pending is lost by continuing as new.
      if (workflowInfo().continueAsNewSuggested && c.active === 0) {
        await condition(allHandlersFinished);
        await continueAsNew<typeof labResultWorkflow>(input);
      }
      continue;
    }
    await condition(allHandlersFinished);
    if (c.pending.length === 0 && c.active === 0) break;
  }
  log.info('lab result workflow done', { reportId: input.reportId });
}
