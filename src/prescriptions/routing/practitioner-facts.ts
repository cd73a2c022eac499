import { type Knex } from 'knex';
import { type PractitionerFacts } from './decide-routing.js';

type Row = Record<string, unknown>;

/**
 * What routing and signing need to know about a practitioner: prescribing rights, supervision,
 * a DEA registration on record (logical access control for EPCS), and their active physician
 * account (the one that signs).
 */
export async function practitionerFacts(trx: Knex.Transaction, practitionerId: string): Promise<PractitionerFacts | undefined> {
  const row = await trx('practitioners as p')
    .leftJoin('users as u', (j) => j.on('u.practitioner_id', 'p.id').andOnNull('u.disabled_at').andOnVal('u.role', '=', 'physician'))
    .where('p.id', practitionerId)
    .first<Row | undefined>('p.id', 'p.kind', 'p.can_prescribe', 'p.active', 'p.supervising_practitioner_id', 'p.dea_number', 'u.id as user_id');
  if (!row) return undefined;
  return {
    id: row.id as string,
    kind: row.kind as string,
    canPrescribe: row.can_prescribe as boolean,
    active: row.active as boolean,
    supervisingPractitionerId: (row.supervising_practitioner_id as string | null) ?? null,
    deaRegistered: typeof row.dea_number === 'string' && row.dea_number.length > 0,
    userId: (row.user_id as string | null) ?? null,
  };
}

/** A user's practitioner record and first department (for escalation pools), if any. */
export async function userPractice(trx: Knex.Transaction, userId: string): Promise<{ practitionerId: string | null; departmentId: string | null; role: string } | undefined> {
  const user = await trx('users').where({ id: userId }).first<Row | undefined>('practitioner_id', 'role');
  if (!user) return undefined;
  const membership = await trx('department_members').where({ user_id: userId }).orderBy('department_id').first<Row | undefined>('department_id');
  return {
    practitionerId: (user.practitioner_id as string | null) ?? null,
    departmentId: (membership?.department_id as string | undefined) ?? null,
    role: user.role as string,
  };
}
