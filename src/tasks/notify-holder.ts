/**
 * Staff are told by email when a task in their inbox is reminded or escalated to them, so an SLA
 * does not depend on someone having the inbox open. The email carries a reference only (never the
 * task's title, instructions or patient) and goes exactly once per reminder or escalation level (the
 * ledger key). Tasks whose workflow alerts people itself are left to it: a critical result's holder
 * gets its own text and email at every level. A tenant turns the emails off with
 * `tasks.emailNotices: false` (PATCH /api/v1/tenant).
 */
import { type Knex } from 'knex';
import { withTenant } from '../db/tenant-scope.js';
import { readTenantSettings } from '../registry/tenant/settings-group.js';
import { MESSAGING_NON_RETRYABLE_ERRORS, type SendMessageOutcome, type SendMessageRequest } from '../workflows/shared/messaging.js';
import { type TaskHolder } from './store/contract.js';

export type SendMessage = (request: SendMessageRequest) => Promise<SendMessageOutcome>;

/** Task types whose workflow alerts the holder on its own. */
const ALERTED_BY_THEIR_WORKFLOW: ReadonlySet<string> = new Set(['critical-result-ack']);
const UNSENDABLE: ReadonlySet<string> = new Set(MESSAGING_NON_RETRYABLE_ERRORS);

/** False when the tenant keeps task notices in the inbox only. */
async function taskEmailsEnabled(db: Knex, tenantId: string): Promise<boolean> {
  const settings = (await withTenant(db, tenantId, (trx) => readTenantSettings(trx, tenantId))) as { tasks?: { emailNotices?: unknown } } | null | undefined;
  return settings?.tasks?.emailNotices !== false;
}

export interface HolderNotice {
  tenantId: string;
  taskId: string;
  holder: TaskHolder;
  kind: 'reminder' | 'escalated';
  /** The reminder's number or the escalation's ID: one email each. */
  key: string;
}

/**
 * Emails the holder; true when a message was handed to the ledger. A message that cannot be sent (no
 * email on file, a refused address) is given up on quietly: the task is in the inbox either way, and
 * the reminder or escalation itself has been recorded. Anything a retry may fix is rethrown, unless
 * `giveUp` (the caller's last attempt): an email problem must never hold up the SLA chain.
 */
export async function emailTaskHolder(deps: { db: Knex; send: SendMessage | undefined }, notice: HolderNotice, giveUp = false): Promise<boolean> {
  const { send } = deps;
  if (!send || ALERTED_BY_THEIR_WORKFLOW.has(notice.holder.taskType) || !(await taskEmailsEnabled(deps.db, notice.tenantId))) return false;
  try {
    await send({
      tenantId: notice.tenantId,
      idempotencyKey: `task-notice:${notice.key}`,
      recipient: { type: 'user', userId: notice.holder.userId },
      template: notice.kind === 'reminder' ? 'task.reminder' : 'task.escalated',
      channel: 'email',
      purpose: 'staff-clinical-alert',
      subject: { type: 'task', id: notice.taskId },
    });
    return true;
  } catch (err) {
    if (giveUp || (err instanceof Error && UNSENDABLE.has(err.name))) return false;
    throw err;
  }
}
