import { ApplicationFailure, condition, setHandler, uuid4, workflowInfo } from '@temporalio/workflow';
import { LAB_DECISION_FAILURES, type LabDecisionReason, type PlaceHoldInput, placeHoldUpdate, releaseResultUpdate } from '../shared/lab-result.js';
import { labActivities as acts } from './activities.js';
import { isReleasable, type LabCase, releaseStateOf, spawn } from './case-state.js';

const MAX_HOLD_MS = 366 * 86_400_000;

const refuse = (kind: keyof typeof LAB_DECISION_FAILURES, reason: LabDecisionReason) =>
  ApplicationFailure.create({ type: LAB_DECISION_FAILURES[kind], message: reason, nonRetryable: true });

/** Releases the result to the patient now, unless a hold is in force (then at its end). */
export async function releaseToPatient(c: LabCase, releaseKey: string): Promise<void> {
  if (!isReleasable(c) || c.holdUntil) return;
  const ref = { tenantId: c.input.tenantId, reportId: c.input.reportId };
  const outcome = await acts.releaseLabResult({ ...ref, releaseKey, workflowId: workflowInfo().workflowId });
  if (!outcome.released) return;
  c.released = true;
  spawn(c, () => acts.notifyLabResultPatient({ ...ref, releaseKey }));
}

/** Lifts the hold at its end date (a durable timer) and releases the result if it is final. */
function startHoldTimer(c: LabCase): void {
  if (c.holdTimerRunning) return;
  c.holdTimerRunning = true;
  spawn(c, async () => {
    try {
      while (c.holdUntil) {
        const version = c.holdVersion;
        const until = c.holdUntil;
        if (await condition(() => c.holdVersion !== version, Math.max(0, Date.parse(until) - Date.now()))) continue;
        await c.lock.run(async () => {
          if (c.holdVersion !== version) return;
          await acts.liftLabResultHold({
            tenantId: c.input.tenantId,
            reportId: c.input.reportId,
            why: 'hold-ended',
            actor: null,
            key: `ended:${until}`,
            workflowId: workflowInfo().workflowId,
          });
          c.holdUntil = null;
          c.holdVersion += 1;
          await releaseToPatient(c, `hold-ended:${until}`);
        });
      }
    } finally {
      c.holdTimerRunning = false;
    }
  });
}

/**
 * The "preventing harm" hold and the physician's release, as validated Workflow Updates: a hold
 * needs a reason and an end date in the future; it is lifted automatically at that date.
 */
export function installReleaseHandlers(c: LabCase): void {
  setHandler(
    placeHoldUpdate,
    (input) =>
      c.lock.run(async () => {
        await condition(() => c.loaded);
        await acts.placeLabResultHold({ tenantId: c.input.tenantId, reportId: c.input.reportId, actor: input.actor, reason: input.reason.trim(), until: input.until, key: uuid4() });
        c.holdUntil = new Date(input.until).toISOString();
        c.holdVersion += 1;
        startHoldTimer(c);
        return { release: releaseStateOf(c), holdUntil: c.holdUntil };
      }),
    {
      validator: (input: PlaceHoldInput) => {
        if (!input.actor.practitionerId) throw refuse('invalid', 'not-a-physician');
        if (input.reason.trim() === '') throw refuse('invalid', 'hold-reason-missing');
        const until = Date.parse(input.until);
        if (!Number.isFinite(until) || until <= Date.now() || until > Date.now() + MAX_HOLD_MS) throw refuse('invalid', 'hold-end-in-past');
      },
    },
  );
  setHandler(
    releaseResultUpdate,
    (input) =>
      c.lock.run(async () => {
        await condition(() => c.loaded);
        if (!c.holdUntil) throw refuse('conflict', 'not-on-hold');
        await acts.liftLabResultHold({
          tenantId: c.input.tenantId,
          reportId: c.input.reportId,
          why: 'released-by-physician',
          actor: input.actor,
          key: uuid4(),
          workflowId: workflowInfo().workflowId,
        });
        c.holdUntil = null;
        c.holdVersion += 1;
        await releaseToPatient(c, `manual:${uuid4()}`);
        return { release: releaseStateOf(c) };
      }),
    {
      // Before the state is loaded (update-with-start) the handler makes this check.
      validator: (_input) => {
        if (c.loaded && !c.holdUntil) throw refuse('conflict', 'not-on-hold');
      },
    },
  );
}

/** After a restart: a hold still in force gets its timer back. */
export function resumeHold(c: LabCase): void {
  if (c.holdUntil) startHoldTimer(c);
}
