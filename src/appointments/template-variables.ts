import { type Knex } from 'knex';
import { type TemplateSubjectResolver } from '../messaging/subject-resolvers.js';

/**
 * Template variables of an appointment, read at send time inside the send activity's tenant
 * transaction, so a moved appointment is announced at its new time. Only the allow-listed,
 * non-clinical values: when, with whom, where (never the type of visit or the note). The clinic's
 * name and phone come from the tenant, filled in by the messaging module.
 */
export const resolveAppointmentTemplateVariables: TemplateSubjectResolver = async (trx: Knex.Transaction, appointmentId: string) => {
  const row = await trx('appointments as a')
    .join('practitioners as p', 'p.id', 'a.practitioner_id')
    .leftJoin('locations as l', 'l.id', 'a.location_id')
    .where('a.id', appointmentId)
    .first<{ starts_at: Date; title: string | null; given_name: string; family_name: string; location_name: string | null } | undefined>(
      'a.starts_at',
      'p.title',
      'p.given_name',
      'p.family_name',
      'l.name as location_name',
    );
  if (!row) return {};
  return {
    appointmentAt: row.starts_at,
    practitionerName: [row.title, row.given_name, row.family_name].filter(Boolean).join(' '),
    locationName: row.location_name,
  };
};
