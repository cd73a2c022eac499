import { type Knex } from 'knex';
import { withTenant } from '../../db/tenant-scope.js';
import { getOrCreatePool } from '../../tasks/pools.js';
import { userOfPractitioner } from '../../tasks/routing/people.js';
import { type ReferralRouting, type ReferralWorkflowFacts, type ReferralWorkflowInput } from '../../workflows/shared/referral.js';
import { type TaskAssignee } from '../../workflows/shared/tasks.js';
import { type ReferralRow } from '../referral-row.js';
import { referralSettingsOf } from '../settings/referral-settings.js';
import { referralRow, tenantOf } from './load-referral.js';

/** A practitioner's own queue when they have an active account, else the department's (or tenant's) pool of their role. */
async function practitionerOrPool(trx: Knex.Transaction, row: ReferralRow, practitionerId: string | null, departmentId: string | null): Promise<TaskAssignee> {
  if (practitionerId && (await userOfPractitioner(trx, practitionerId))) return { practitionerId };
  return { poolId: (await getOrCreatePool(trx, row.tenant_id, departmentId, 'physician')).id };
}

/**
 * Who works each part of the loop. An internal receiver triages in the receiving practitioner's
 * queue or the receiving department's physician pool. For an external organisation the referring
 * clinician records its answer and its report (they liaise with it). Schedulers book from the
 * tenant's scheduler pool.
 */
async function routingOf(trx: Knex.Transaction, row: ReferralRow): Promise<ReferralRouting> {
  const referrer = await practitionerOrPool(trx, row, row.referring_practitioner_id, row.referring_department_id);
  const receiver =
    row.target_kind === 'external'
      ? referrer
      : row.target_kind === 'practitioner'
        ? await practitionerOrPool(trx, row, row.target_practitioner_id, row.target_department_id)
        : { poolId: (await getOrCreatePool(trx, row.tenant_id, row.target_department_id, 'physician')).id };
  return {
    triage: { assignee: receiver, category: 'sign-off' },
    schedulerPoolId: (await getOrCreatePool(trx, row.tenant_id, null, 'scheduler')).id,
    referrer,
    receivingDepartmentId: row.target_department_id,
    referringDepartmentId: row.referring_department_id,
    external: row.target_kind === 'external',
  };
}

/** What the referral workflow starts from; retried until the creating transaction has committed. */
export async function loadReferralForWorkflow(db: Knex, input: ReferralWorkflowInput): Promise<ReferralWorkflowFacts> {
  return withTenant(db, input.tenantId, async (trx) => {
    const row = await referralRow(trx, input.referralId);
    const settings = referralSettingsOf((await tenantOf(trx, input.tenantId)).settings);
    return {
      status: row.status,
      urgency: row.urgency,
      patientId: row.patient_id,
      schedulingMode: settings.scheduling,
      visitCheckIntervalMs: settings.visitCheckIntervalMs,
      routing: await routingOf(trx, row),
    };
  });
}
