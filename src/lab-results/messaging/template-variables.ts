import { type Knex } from 'knex';
import { type TemplateSubjectResolver } from '../../messaging/subject-resolvers.js';

/**
 * Template variables of a lab result for the messaging module (subject type `lab-result`): only a
 * reference the clinician can quote, never the test, the value or the patient. Critical alerts and
 * the patient's "a result is available" notice say nothing of content.
 */
export const resolveLabResultTemplateVariables: TemplateSubjectResolver = async (trx: Knex.Transaction, reportId: string) => {
  const row = await trx('lab_reports').where({ id: reportId }).first<{ id: string } | undefined>('id');
  if (!row) return {};
  return { alertId: `LR-${row.id.slice(0, 8).toUpperCase()}` };
};
