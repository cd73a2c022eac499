import { Router } from 'express';
import { type AppDeps } from '../api/app-deps.js';
import { defineRoute } from '../api/openapi/define-route.js';
import { z } from '../api/openapi/registry.js';
import { AppointmentView } from '../appointments/appointment-schemas.js';
import { appointmentDeps } from '../appointments/index.js';
import { LabResultView } from '../lab-results/api/schemas.js';
import { CommunicationView } from '../messaging/routes/communication-routes.js';
import { PrescriptionView } from '../prescriptions/api/prescription-views.js';
import { AllergyView, MedicationView } from '../prescriptions/clinical-data/clinical-data-schemas.js';
import { ReferralView } from '../referrals/api/schemas.js';
import { referralDeps } from '../referrals/index.js';
import { ConsentEventView, PatientView } from '../registry/patients/patient-schemas.js';
import { IdParams } from '../registry/shared/validators.js';
import { exportPatientRecord, RECORD_EXPORT_FORMAT, type RecordExportDeps } from './record-export.js';

const PatientRecordExport = z
  .object({
    format: z.literal(RECORD_EXPORT_FORMAT),
    exportedAt: z.string(),
    patient: PatientView,
    consentEvents: z.array(ConsentEventView),
    allergies: z.array(AllergyView),
    medications: z.array(MedicationView),
    appointments: z.array(AppointmentView),
    referrals: z.array(ReferralView),
    labResults: z.array(LabResultView),
    prescriptions: z.array(PrescriptionView),
    communications: z.array(CommunicationView),
  })
  .openapi('PatientRecordExport');

/** The patient's own copy of their record (right of access). */
export function recordExportRoutes(deps: AppDeps): Router {
  const exportDeps: RecordExportDeps = { db: deps.db, appointments: appointmentDeps(deps), referrals: referralDeps(deps) };
  const router = Router();
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/patients/:id/record-export',
    summary: 'A copy of the whole record, for the patient',
    description:
      'Everything the patient portal shows the patient, in one JSON document: demographics and consent history, allergies, medications, ' +
      'appointments, referrals, released lab results, prescriptions and the messages sent to them (statuses, not text). ' +
      'Only the patient may export, and only their own record; the export is audited with the count per section.',
    tags: ['Patients'],
    permission: ['export', 'Patient'],
    params: IdParams,
    responses: { 200: { description: 'The record, as an attachment', schema: PatientRecordExport } },
    handler: async ({ params, res }) => {
      const record = await exportPatientRecord(exportDeps, params.id);
      res.setHeader('Content-Disposition', `attachment; filename="health-record-${record.exportedAt.slice(0, 10)}.json"`);
      res.setHeader('Cache-Control', 'no-store');
      return record;
    },
  });
  return router;
}
