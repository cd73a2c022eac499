import { type Knex } from 'knex';
import { activeCoverOf } from '../../tasks/routing/people.js';
import { type EscalationTarget } from '../../workflows/shared/tasks.js';

export type ChainRole = 'covering-physician' | 'on-call' | 'department-lead';

export interface CriticalChainLevel {
  /** 1-based, in the order the task escalates. */
  level: number;
  role: ChainRole;
  /** Active seconds after the task was created. */
  afterSeconds: number;
  to: EscalationTarget[];
}

/** The department whose on-call and lead answer for a practitioner (their first, by name). */
export async function departmentOfPractitioner(
  trx: Knex.Transaction,
  practitionerId: string,
): Promise<{ id: string; onCallPractitionerId: string | null; leadPractitionerId: string | null } | undefined> {
  const row = await trx('departments as d')
    .join('department_members as m', 'm.department_id', 'd.id')
    .join('users as u', 'u.id', 'm.user_id')
    .where('u.practitioner_id', practitionerId)
    .whereNull('u.disabled_at')
    .orderBy('d.name')
    .first<Record<string, string | null> | undefined>('d.id', 'd.on_call_practitioner_id', 'd.lead_practitioner_id');
  return row ? { id: row.id!, onCallPractitionerId: row.on_call_practitioner_id ?? null, leadPractitionerId: row.lead_practitioner_id ?? null } : undefined;
}

async function hasCoverWithin(trx: Knex.Transaction, practitionerId: string, seconds: number): Promise<boolean> {
  const row = await trx('coverage')
    .where({ practitioner_id: practitionerId })
    .where('ends_at', '>', trx.fn.now())
    .where('starts_at', '<=', trx.raw('now() + make_interval(secs => ?)', [seconds]))
    .first<{ id: string } | undefined>('id');
  return Boolean(row);
}

/**
 * The escalation chain of a critical result: covering physician, then the department's on-call,
 * then its lead, each after its own step. A level with nobody to alert is left out, so the next
 * one is alerted sooner instead of a step being spent on no one. When the ordering physician is
 * covered right now the task already goes to the cover, so that level is left out as well.
 */
export async function planCriticalChain(
  trx: Knex.Transaction,
  orderingPractitionerId: string,
  steps: [number, number, number],
  deadlineSeconds: number,
): Promise<{ departmentId: string | null; levels: CriticalChainLevel[] }> {
  const department = await departmentOfPractitioner(trx, orderingPractitionerId);
  const coveredNow = Boolean(await activeCoverOf(trx, orderingPractitionerId));
  const candidates: { role: ChainRole; to: EscalationTarget[] }[] = [];
  if (!coveredNow && (await hasCoverWithin(trx, orderingPractitionerId, deadlineSeconds))) {
    candidates.push({ role: 'covering-physician', to: [{ kind: 'covering-practitioner' }] });
  }
  if (department?.onCallPractitionerId) candidates.push({ role: 'on-call', to: [{ kind: 'on-call', departmentId: department.id }] });
  if (department?.leadPractitionerId) candidates.push({ role: 'department-lead', to: [{ kind: 'department-lead', departmentId: department.id }] });
  let after = 0;
  const levels = candidates.map((candidate, index) => {
    after += steps[index]!;
    return { level: index + 1, role: candidate.role, afterSeconds: after, to: candidate.to };
  });
  return { departmentId: department?.id ?? null, levels };
}
