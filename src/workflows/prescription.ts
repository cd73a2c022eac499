import { ActivityFailure, allHandlersFinished, condition, log, patched, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { PrescriptionActivities } from '../activities/prescriptions.js';
import { type DecisionFacts, prescriptionDecisionRejection } from '../prescriptions/decision/decision-rules.js';
import { type CaseFacts, type DecisionRef, PRESCRIPTION_FAILURES } from '../prescriptions/workflow-steps/contract.js';
import { startHumanTask, type TaskDecision } from './lib/human-task.js';
import { type SendMessageOutcome, type SendMessageRequest } from './shared/messaging.js';
import {
  PRESCRIPTION_TASK_TYPES,
  type PrescriptionDecisionResult,
  type PrescriptionState,
  type PrescriptionWorkflowInput,
  PROTOCOL_OUTCOMES,
  prescriptionReadyUpdate,
  prescriptionStateQuery,
  SIGNER_OUTCOMES,
  TRANSMISSION_OUTCOMES,
} from './shared/prescription.js';

const steps = proxyActivities<PrescriptionActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '30 seconds', nonRetryableErrorTypes: [PRESCRIPTION_FAILURES.invalid] },
});

// Transient pharmacy failures are retried with backoff (about 25 minutes in all); a rejection is not.
const pharmacy = proxyActivities<PrescriptionActivities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    maximumAttempts: 10,
    nonRetryableErrorTypes: [PRESCRIPTION_FAILURES.pharmacyRejected, PRESCRIPTION_FAILURES.invalid],
  },
});

/** The messaging module's send activity, by its contract (src/workflows/shared/messaging.ts). */
interface MessagingContract {
  sendMessage(req: SendMessageRequest): Promise<SendMessageOutcome>;
}
// The messaging ledger makes a retried send exactly-once (same idempotency key).
const { sendMessage } = proxyActivities<MessagingContract>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 8 },
});

type Ref = { tenantId: string; prescriptionId: string };
type Outcome = PrescriptionDecisionResult['status'];

const decisionOf = (ref: Ref, round: number, d: TaskDecision): DecisionRef => ({
  ...ref,
  taskId: d.taskId,
  round,
  actor: d.decidedBy,
  outcome: d.outcome,
  note: d.note,
  payload: d.payload ?? {},
});

/**
 * Applies a decision inside its Workflow Update. The rules are checked again here (the API checks
 * them before sending the update), so a decision that reached the inbox another way is refused.
 * A failed step must not fail the update (the task is already completed): the round ends undecided.
 */
async function applyDecision(facts: DecisionFacts, decision: DecisionRef): Promise<PrescriptionDecisionResult> {
  const { prescriptionId } = decision;
  try {
    const rejection = prescriptionDecisionRejection(facts, decision, Date.now());
    if (rejection) {
      await steps.recordRefusedDecision({ ...decision, reason: rejection.reason });
      return { prescriptionId, status: 'refused', reason: rejection.reason };
    }
    if (decision.outcome === 'deny') {
      await steps.denyPrescription(decision);
      return { prescriptionId, status: 'denied' };
    }
    if (decision.outcome === 'refer') {
      await steps.recordReferral(decision);
      return { prescriptionId, status: 'referred' };
    }
    const signed = await steps.signPrescription({ ...decision, method: facts.taskKind === 'protocol' ? 'protocol' : 'prescriber' });
    return signed.status === 'signed' ? { prescriptionId, status: 'signed', contentDigest: signed.contentDigest } : { prescriptionId, ...signed };
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    return { prescriptionId, status: 'refused', reason: 'decision-step-failed' };
  }
}

const PATIENT_NOTICES = { sent: 'prescription.sent', 'not-approved': 'prescription.not-approved' } as const;
/** Older runs closed a refused patient request without telling the patient; replays of them must not send. */
const REFUSAL_NOTICE_PATCH = 'notify-patient-of-refused-request';

/**
 * Tells the patient the prescription was sent (naming the pharmacy, never the drug) or that their
 * request was not approved (no drug, no reason: the clinic explains); waits out quiet hours.
 */
async function notifyPatient(ref: Ref, patientId: string, notice: keyof typeof PATIENT_NOTICES): Promise<void> {
  const request: SendMessageRequest = {
    tenantId: ref.tenantId,
    idempotencyKey: `prescription-${ref.prescriptionId}:${notice}`,
    recipient: { type: 'patient', patientId },
    template: PATIENT_NOTICES[notice],
    channel: 'preferred',
    purpose: 'patient-notice',
    subject: { type: 'prescription', id: ref.prescriptionId },
  };
  for (let deferrals = 0; deferrals < 4; deferrals++) {
    let outcome: SendMessageOutcome;
    try {
      outcome = await sendMessage(request);
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      break;
    }
    if (outcome.status !== 'deferred') {
      await steps.recordPatientNotice({ ...ref, notice, status: outcome.status, messageId: outcome.messageId, ...(outcome.status === 'suppressed' && { reason: outcome.reason }) });
      return;
    }
    await sleep(Math.max(1000, Date.parse(outcome.until) - Date.now()));
  }
  await steps.recordPatientNotice({ ...ref, notice, status: 'failed' });
}

/**
 * One prescription request, from screening to the pharmacy: screen, route to a signer (or the nurse
 * pool under the refill protocol), wait for the decision in the task inbox (reminder, escalation,
 * expiry), sign, transmit (a failure becomes a task for the prescriber's team), tell the patient.
 */
export async function prescriptionWorkflow(input: PrescriptionWorkflowInput): Promise<PrescriptionState> {
  const ref: Ref = { tenantId: input.tenantId, prescriptionId: input.prescriptionId };
  const { tenantId, prescriptionId } = ref;
  const state: PrescriptionState = {
    prescriptionId,
    stage: 'screening',
    taskId: null,
    taskKind: null,
    decisionRound: 0,
    transmissionRound: 0,
    controlled: false,
    highFindingCodes: [],
    selfSignEligible: false,
    outcome: null,
  };
  let ready = false;
  setHandler(prescriptionStateQuery, () => state);
  setHandler(prescriptionReadyUpdate, async () => {
    await condition(() => ready);
    return state;
  });

  const facts: CaseFacts = await steps.loadPrescriptionCase(ref);
  const close = async (outcome: 'denied' | 'expired' | 'cancelled' | 'sent', reason?: string): Promise<PrescriptionState> => {
    if (outcome === 'expired' || outcome === 'cancelled') await steps.closePrescription({ ...ref, outcome, reason: reason ?? outcome });
    // A patient's own request that is refused or left unanswered: the patient hears, not only the inbox.
    if ((outcome === 'denied' || outcome === 'expired') && facts.requestedByPatient && patched(REFUSAL_NOTICE_PATCH)) {
      await notifyPatient(ref, facts.patientId, 'not-approved');
    }
    Object.assign(state, { stage: 'closed', outcome, taskId: null, taskKind: null });
    ready = true;
    await condition(allHandlersFinished);
    return state;
  };
  state.controlled = facts.deaSchedule !== null;
  const decisionFacts = (taskKind: DecisionFacts['taskKind']): DecisionFacts => ({
    ...ref,
    taskKind,
    deaSchedule: facts.deaSchedule,
    highFindingCodes: state.highFindingCodes,
    verificationKeys: facts.verificationKeys,
  });
  const task = (step: string, kind: keyof typeof PRESCRIPTION_TASK_TYPES) => ({
    step,
    tenantId,
    type: PRESCRIPTION_TASK_TYPES[kind],
    subject: { type: 'prescription', id: prescriptionId },
    patientId: facts.patientId,
  });

  // Decision rounds. A referral from the protocol pool, or a decision refused after the fact (a
  // modification whose re-screening found an uncovered high finding), screens and routes again.
  let forceSigner = false;
  for (;;) {
    const round = ++state.decisionRound;
    Object.assign(state, { stage: 'screening', taskId: null, taskKind: null });
    state.highFindingCodes = (await steps.screenPrescriptionRequest({ ...ref, round })).highFindingCodes;
    const plan = await steps.routePrescriptionRequest({ ...ref, round, forceSigner });
    if (plan.route === 'unroutable') return close('cancelled', plan.reason);
    const taskKind = plan.route === 'protocol' ? 'protocol' : 'signature';
    const expireAfter = plan.expireAfterSeconds * 1000;
    let outcome: Outcome | undefined;
    const decision = await startHumanTask({
      ...task(`decision-${round}`, taskKind),
      category: plan.category,
      assignee: plan.assignee,
      dueIn: expireAfter,
      remindAfter: plan.remindAfterSeconds * 1000,
      escalations: [{ after: plan.escalateAfterSeconds * 1000, to: plan.escalateTo }],
      expireAfter,
      options: [...(taskKind === 'protocol' ? PROTOCOL_OUTCOMES : SIGNER_OUTCOMES)],
      // Who may sign and what a signature needs are checked before the decision enters history.
      validateDecision: (input) =>
        prescriptionDecisionRejection(
          decisionFacts(taskKind),
          decisionOf(ref, round, { taskId: input.taskId, outcome: input.outcome, note: input.note, payload: input.payload, decidedBy: input.actor, version: input.version ?? 0 }),
          Date.now(),
        ),
      onDecision: async (d) => {
        const result = await applyDecision(decisionFacts(taskKind), decisionOf(ref, round, d));
        outcome = result.status;
        return result;
      },
    });
    Object.assign(state, { stage: 'awaiting-decision', taskId: decision.taskId, taskKind, selfSignEligible: plan.selfSignEligible });
    ready = true;
    const result = await decision.result;
    if (result.status === 'expired') return close('expired', 'unanswered');
    if (result.status === 'cancelled') return close('cancelled', result.reason);
    if (outcome === 'denied') return close('denied');
    if (outcome === 'signed') break;
    forceSigner ||= outcome === 'referred';
    log.info('prescription decision round ended without a signature', { prescriptionId, round, outcome });
  }

  // Transmission rounds. A rejection, or a pharmacy still unreachable after every retry, becomes a
  // task for the prescriber's team: resend, send to another pharmacy, or cancel.
  for (;;) {
    const round = ++state.transmissionRound;
    Object.assign(state, { stage: 'transmitting', taskId: null, taskKind: null });
    try {
      await pharmacy.transmitPrescription({ ...ref, round });
      break;
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      await steps.recordTransmissionFailure({ ...ref, round });
    }
    let choice: string | undefined;
    for (let attempt = 1; choice === undefined; attempt++) {
      const fix = await steps.planTransmissionTask(ref);
      const fixTask = await startHumanTask({
        ...task(`transmission-${round}.${attempt}`, 'transmission'),
        category: 'nursing',
        priority: 'urgent',
        assignee: fix.assignee,
        remindAfter: fix.remindAfterSeconds * 1000,
        escalations: [{ after: fix.escalateAfterSeconds * 1000, to: fix.escalateTo }],
        options: [...TRANSMISSION_OUTCOMES],
        onDecision: async (d): Promise<PrescriptionDecisionResult> => {
          const decision = decisionOf(ref, round, d);
          const rejection = prescriptionDecisionRejection(decisionFacts('transmission'), decision, Date.now());
          if (rejection) return { prescriptionId, status: 'refused', reason: rejection.reason };
          try {
            await steps.applyTransmissionFix(decision);
          } catch (err) {
            if (!(err instanceof ActivityFailure)) throw err;
            return { prescriptionId, status: 'refused', reason: 'fix-not-applicable' };
          }
          choice = d.outcome;
          return { prescriptionId, status: d.outcome === 'cancel' ? 'cancelled' : 'resending' };
        },
      });
      Object.assign(state, { stage: 'awaiting-transmission-fix', taskId: fixTask.taskId, taskKind: 'transmission' });
      const result = await fixTask.result;
      if (result.status !== 'completed') return close('cancelled', result.status);
    }
    if (choice === 'cancel') return close('cancelled', 'cancelled-by-team');
  }

  await notifyPatient(ref, facts.patientId, 'sent');
  return close('sent');
}
