import { type Knex } from 'knex';
import { type TemplateSubjectResolver } from '../messaging/subject-resolvers.js';

/**
 * Template variables of a prescription for the patient's "sent to your pharmacy" notice: the
 * pharmacy's name only. Never the drug, dose or prescriber (the templates' allow-list refuses them
 * anyway). The clinic's name comes from the tenant, filled in by the messaging module.
 */
export const resolvePrescriptionTemplateVariables: TemplateSubjectResolver = async (trx: Knex.Transaction, prescriptionId: string) => {
  const row = await trx('prescriptions as rx')
    .join('pharmacies as ph', 'ph.id', 'rx.pharmacy_id')
    .where('rx.id', prescriptionId)
    .first<{ name: string } | undefined>('ph.name');
  return { pharmacyName: row?.name ?? null };
};
