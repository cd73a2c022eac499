import { type Knex } from 'knex';
import { withTenant } from '../../db/tenant-scope.js';
import { getOrCreatePool } from '../../tasks/pools.js';
import { userOfPractitioner } from '../../tasks/routing/people.js';
import { type ReferralRouting, type ReferralWorkflowFacts, type ReferralWorkflowInput } from '../../workflows/shared/referral.js';
import { type TaskAssignee } from '../../workflows/shared/tasks.js';
import { type StoredReferral } from '../referral-record.js';
import { referralSettingsOf } from '../settings/referral-settings.js';
import { loadReferral, tenantOf } from './load-referral.js';

/** A practitioner's own queue when they have an active account, else the department's (or tenant's) pool of their role. */
async function practitionerOrPool(trx: Knex.Transaction, referral: StoredReferral, practitionerId: string | null, departmentId: string | null): Promise<TaskAssignee> {
  if (practitionerId && (await userOfPractitioner(trx, practitionerId))) return { practitionerId };
  return { poolId: (await getOrCreatePool(trx, referral.tenantId, departmentId, 'physician')).id };
}

/**
 * Who works each part of the loop. An internal receiver triages in the receiving practitioner's
 * queue or the receiving department's physician pool. For an external organisation the referring
 * clinician records its answer and its report (they liaise with it). Schedulers book from the
 * tenant's scheduler pool.
 */
async function routingOf(trx: Knex.Transaction, referral: StoredReferral): Promise<ReferralRouting> {
  const referrer = await practitionerOrPool(trx, referral, referral.referringPractitionerId, referral.referringDepartmentId);
  const receiver =
    referral.targetKind === 'external'
      ? referrer
      : referral.targetKind === 'practitioner'
        ? await practitionerOrPool(trx, referral, referral.targetPractitionerId, referral.targetDepartmentId)
        : { poolId: (await getOrCreatePool(trx, referral.tenantId, referral.targetDepartmentId, 'physician')).id };
  return {
    triage: { assignee: receiver, category: 'sign-off' },
    schedulerPoolId: (await getOrCreatePool(trx, referral.tenantId, null, 'scheduler')).id,
    referrer,
    receivingDepartmentId: referral.targetDepartmentId,
    referringDepartmentId: referral.referringDepartmentId,
    external: referral.targetKind === 'external',
  };
}

/** What the referral workflow starts from; retried until the creating transaction has committed. */
export async function loadReferralForWorkflow(db: Knex, input: ReferralWorkflowInput): Promise<ReferralWorkflowFacts> {
  return withTenant(db, input.tenantId, async (trx) => {
    const referral = await loadReferral(trx, input.referralId);
    const settings = referralSettingsOf((await tenantOf(trx, input.tenantId)).settings);
    return {
      status: referral.status,
      urgency: referral.urgency,
      patientId: referral.patientId,
      schedulingMode: settings.scheduling,
      visitCheckIntervalMs: settings.visitCheckIntervalMs,
      routing: await routingOf(trx, referral),
    };
  });
}
