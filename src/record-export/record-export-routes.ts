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
import { Code, IdParams } from '../registry/shared/validators.js';
import { exportPatientRecord, RECORD_EXPORT_FORMAT, type RecordExportDeps, releasePatientRecord } from './record-export.js';

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

const RecordReleaseBody = z
  .object({
    requestReference: Code.describe('The written access request this answers (e.g. its release-of-information log number)'),
    requestedBy: z.enum(['patient', 'personal-representative']),
  })
  .openapi('RecordReleaseRequest');

/** Served as a download that no cache keeps. */
function asAttachment(res: { setHeader(name: string, value: string): unknown }, exportedAt: string): void {
  res.setHeader('Content-Disposition', `attachment; filename="health-record-${exportedAt.slice(0, 10)}.json"`);
  res.setHeader('Cache-Control', 'no-store');
}

/** The patient's own copy of their record (right of access), and the same copy released by staff at their request. */
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
      asAttachment(res, record.exportedAt);
      return record;
    },
  });
  defineRoute(router, {
    method: 'post',
    path: '/api/v1/patients/:id/record-release',
    summary: 'The patient’s copy of their record, released by staff at the patient’s request',
    description:
      'Release of information for a patient who asks the clinic (in writing, under a reference) rather than using the portal: ' +
      'the same document as the patient’s own export, gathered with that patient’s permissions, so it holds exactly what their portal shows. ' +
      'Administrators only. Every read is audited as the administrator’s, marked as in the patient’s place, and the export event names the request.',
    tags: ['Patients'],
    permission: ['disclose', 'Patient'],
    params: IdParams,
    body: RecordReleaseBody,
    responses: { 200: { description: 'The record, as an attachment', schema: PatientRecordExport } },
    handler: async ({ params, body, res }) => {
      const record = await releasePatientRecord(exportDeps, params.id, body);
      asAttachment(res, record.exportedAt);
      return record;
    },
  });
  return router;
}
