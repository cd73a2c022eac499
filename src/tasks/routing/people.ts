import { type Knex } from 'knex';

/** The active user account of a practitioner (the oldest, if several). */
export async function userOfPractitioner(trx: Knex.Transaction, practitionerId: string): Promise<string | undefined> {
  const row = await trx('users')
    .where({ practitioner_id: practitionerId })
    .whereNull('disabled_at')
    .orderBy('created_at')
    .first<{ id: string } | undefined>('id');
  return row?.id;
}

export async function activeUser(trx: Knex.Transaction, userId: string): Promise<{ id: string; role: string; practitionerId: string | null } | undefined> {
  const row = await trx('users')
    .where({ id: userId })
    .whereNull('disabled_at')
    .first<{ id: string; role: string; practitioner_id: string | null } | undefined>('id', 'role', 'practitioner_id');
  return row ? { id: row.id, role: row.role, practitionerId: row.practitioner_id } : undefined;
}

export interface ActiveCover {
  coverageId: string;
  coverUserId: string;
}

/**
 * Who covers a practitioner right now. Follows a chain (the cover may be away too) a few hops,
 * never back to someone already on it.
 */
export async function activeCoverOf(trx: Knex.Transaction, practitionerId: string, maxHops = 3): Promise<ActiveCover | undefined> {
  const seen = new Set([practitionerId]);
  let current = practitionerId;
  let found: ActiveCover | undefined;
  for (let hop = 0; hop < maxHops; hop += 1) {
    const coverage = await trx('coverage')
      .where({ practitioner_id: current })
      .where('starts_at', '<=', trx.fn.now())
      .where('ends_at', '>', trx.fn.now())
      .orderBy('starts_at', 'desc')
      .first<{ id: string; covering_practitioner_id: string } | undefined>('id', 'covering_practitioner_id');
    if (!coverage || seen.has(coverage.covering_practitioner_id)) break;
    const coverUserId = await userOfPractitioner(trx, coverage.covering_practitioner_id);
    if (!coverUserId) break;
    found = { coverageId: found?.coverageId ?? coverage.id, coverUserId };
    seen.add(coverage.covering_practitioner_id);
    current = coverage.covering_practitioner_id;
  }
  return found;
}
