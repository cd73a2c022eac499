import { type Knex } from 'knex';
import { buildAbility } from '../authz/ability.js';
import { type AccessScope, withRequestTenant } from '../authz/request-scope.js';
import { withReferralScope } from '../authz/rules/referrals.js';
import { Task } from '../tasks/store/task-model.js';

/** The caller's tenant transaction with referral permissions that know their departments. */
export interface ReferralAccess extends AccessScope {
  departmentIds: string[];
}

/** Departments the user belongs to, is on call for, or leads. */
async function departmentsOf(trx: Knex.Transaction, userId: string, practitionerId: string | undefined): Promise<string[]> {
  const rows = await trx('departments')
    .where((q) => {
      void q.whereIn('id', trx('department_members').select('department_id').where({ user_id: userId }));
      if (practitionerId) void q.orWhere({ on_call_practitioner_id: practitionerId }).orWhere({ lead_practitioner_id: practitionerId });
    })
    .orderBy('id')
    .select<{ id: string }[]>('id');
  return rows.map((r) => r.id);
}

/** Referrals of which the user holds an open task. */
async function heldReferrals(trx: Knex.Transaction, userId: string): Promise<string[]> {
  const tasks = await Task.query(trx)
    .distinct('subject_id')
    .where('subject_type', 'referral')
    .whereIn('status', ['open', 'claimed'])
    .where((q) => void q.where('owner_user_id', userId).orWhere('claimed_by_user_id', userId));
  return tasks.map((t) => t.subjectId);
}

/**
 * Runs `fn` in the caller's tenant with permissions that know their departments and the referral
 * tasks they hold: "my department sent / received it" is data, read once per request, and becomes
 * part of the rules and so of the SQL conditions every referral query carries.
 */
export function withReferralAccess<T>(db: Knex, fn: (access: ReferralAccess) => Promise<T>): Promise<T> {
  return withRequestTenant(db, async (scope) => {
    const { actor, trx } = scope;
    const user = actor.type === 'user';
    const departmentIds = user ? await departmentsOf(trx, actor.id, actor.practitionerId) : [];
    const taskReferralIds = user ? await heldReferrals(trx, actor.id) : [];
    return fn({ ...scope, ability: buildAbility(withReferralScope(actor, { departmentIds, taskReferralIds })), departmentIds });
  });
}
