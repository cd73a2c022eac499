import { type Knex } from 'knex';
import { type TemplateSubjectResolver } from '../../messaging/subject-resolvers.js';
import { LabReport } from '../results/lab-report-model.js';

/**
 * Template variables of a lab result for the messaging module (subject type `lab-result`): only a
 * reference the clinician can quote, never the test, the value or the patient. Critical alerts and
 * the patient's "a result is available" notice say nothing of content.
 */
export const resolveLabResultTemplateVariables: TemplateSubjectResolver = async (trx: Knex.Transaction, reportId: string) => {
  const report = await LabReport.query(trx).findById(reportId).select('id');
  if (!report) return {};
  return { alertId: `LR-${report.id.slice(0, 8).toUpperCase()}` };
};
