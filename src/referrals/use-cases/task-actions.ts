import { randomUUID } from 'node:crypto';
import { type Knex } from 'knex';
import { assertCan } from '../../authz/assert-can.js';
import { type Action } from '../../authz/subjects.js';
import { recordAudit } from '../../audit/record-audit.js';
import { withTenant } from '../../db/tenant-scope.js';
import { AppError, conflict } from '../../errors/app-error.js';
import { Task } from '../../tasks/store/task-model.js';
import { completeTask } from '../../tasks/use-cases/task-commands.js';
import { REFERRAL_TASKS, type ReferralTaskRole } from '../../workflows/shared/referral.js';
import { sealClinical } from '../clinical-box.js';
import { type ReferralAccess, withReferralAccess } from '../referral-access.js';
import { type StoredReferral, toReferralRecord } from '../referral-record.js';
import { type ReferralView } from '../referral-view.js';
import { ReferralNote, ReferralReport } from '../store/referral-content-model.js';
import { getReferralAfterAction } from './referral-after-action.js';
import { type ReferralDeps, visibleReferral } from './referral-deps.js';
import { insertNote } from './referral-writer.js';

interface Decision {
  outcome: string;
  payload?: Record<string, unknown>;
  version?: number;
  /** What was written for this decision (a sealed note or report), removed again if the decision is refused. */
  written?: { kind: 'note' | 'report'; id: string };
}

/** Removes the note or report written for a decision the workflow refused. */
async function removeWritten(trx: Knex.Transaction, written: NonNullable<Decision['written']>): Promise<void> {
  if (written.kind === 'note') await ReferralNote.query(trx).deleteById(written.id);
  else await ReferralReport.query(trx).deleteById(written.id);
}

/**
 * A decision on the referral goes through its open task, as an inbox Workflow Update: the caller must
 * be allowed on the referral (404/403 otherwise) and on the task (the inbox's rules: their queue or
 * pool, a role that decides it); the workflow's validator refuses a stale or closed task (409). The
 * answer comes once the workflow has acted on the decision, with the referral as it now stands.
 */
async function decide(deps: ReferralDeps, referralId: string, action: Action, role: ReferralTaskRole, prepare: (access: ReferralAccess, referral: StoredReferral) => Promise<Decision>): Promise<ReferralView> {
  const prepared = await withReferralAccess(deps.db, async (access) => {
    const referral = await visibleReferral(access, referralId, action);
    assertCan(access.ability, action, 'Referral', toReferralRecord(referral), { patientId: referral.patientId });
    const task = await Task.query(access.trx)
      .select('id')
      .where({ workflow_id: referral.workflowId, type: REFERRAL_TASKS[role].type })
      .whereIn('status', ['open', 'claimed'])
      .orderBy('created_at', 'desc')
      .first();
    if (!task) throw conflict('The referral is not waiting for this decision.', { reason: 'wrong-stage', referralStatus: referral.status });
    return { referral, taskId: task.id, decision: await prepare(access, referral), actor: access.actor };
  });
  const { referral, taskId, decision, actor } = prepared;
  const audit = { action: `referral.${action}`, entityType: 'Referral', entityId: referralId, patientId: referral.patientId, details: { taskId, outcome: decision.outcome } };
  try {
    await completeTask(deps, taskId, { outcome: decision.outcome, payload: decision.payload, version: decision.version });
  } catch (err) {
    const { written } = decision;
    if (written) await withTenant(deps.db, actor.tenantId, (trx) => removeWritten(trx, written)).catch(() => undefined);
    if (err instanceof AppError && err.status < 500) await recordAudit(deps.db, actor, { ...audit, outcome: 'denied', reason: err.code });
    throw err;
  }
  await recordAudit(deps.db, actor, audit);
  await deps.workflows.awaitTask(referralId, taskId);
  return getReferralAfterAction(deps, referralId);
}

export const acceptReferral = (deps: ReferralDeps, id: string, body: { version?: number }) =>
  decide(deps, id, 'triage', 'triage', () => Promise.resolve({ outcome: 'accept', version: body.version }));

export const declineReferral = (deps: ReferralDeps, id: string, body: { reason: string; note?: string; version?: number }) =>
  decide(deps, id, 'triage', 'triage', async (access) => {
    const noteId = body.note ? await insertNote(access.trx, deps.keys, access.actor, id, 'decline', body.note) : undefined;
    return { outcome: 'decline', version: body.version, payload: { reason: body.reason, ...(noteId ? { noteId } : {}) }, ...(noteId ? { written: { kind: 'note', id: noteId } } : {}) };
  });

export const answerInfoRequest = (deps: ReferralDeps, id: string, body: { answer: string; version?: number }) =>
  decide(deps, id, 'answer', 'moreInfo', async (access) => {
    const noteId = await insertNote(access.trx, deps.keys, access.actor, id, 'info-answer', body.answer);
    return { outcome: 'answered', version: body.version, payload: { noteId }, written: { kind: 'note', id: noteId } };
  });

/** The consult report is stored sealed, then the specialist's report task is completed with its ID. */
export const submitReport = (deps: ReferralDeps, id: string, body: { text: string; findings?: { code?: string; display: string; value?: string }[]; version?: number }) =>
  decide(deps, id, 'report', 'report', async (access) => {
    const reportId = randomUUID();
    await ReferralReport.query(access.trx).insert({
      id: reportId,
      tenantId: access.actor.tenantId,
      referralId: id,
      sealed: sealClinical(deps.keys, reportId, { text: body.text, findings: body.findings ?? [] }),
      submittedByUserId: access.actor.type === 'user' ? access.actor.id : null,
    });
    return { outcome: 'report-sent', version: body.version, payload: { reportId }, written: { kind: 'report', id: reportId } };
  });

/** The referrer has reviewed the report: the loop is closed. */
export const acknowledgeReport = (deps: ReferralDeps, id: string, body: { version?: number }) =>
  decide(deps, id, 'acknowledge', 'review', () => Promise.resolve({ outcome: 'acknowledge', version: body.version }));
