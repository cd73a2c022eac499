import { Router } from 'express';
import { type AppDeps } from '../../api/app-deps.js';
import { defineRoute } from '../../api/openapi/define-route.js';
import { z } from '../../api/openapi/registry.js';
import { withRequestTenant } from '../../authz/request-scope.js';
import { pageSchema } from '../shared/pagination.js';
import { IdParams } from '../shared/validators.js';
import { ConsentChange, ConsentEventView, PatientCreate, PatientSearch, PatientUpdate, PatientView } from './patient-schemas.js';
import { changeConsent, createPatient, getPatient, listConsentEvents, searchPatientsUseCase, updatePatient } from './patient-use-cases.js';

const tags = ['Patients'];

/** Patient registry. Every read and write of a patient is audited, denials included. */
export function patientRoutes({ db }: AppDeps): Router {
  const router = Router();
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/patients',
    summary: 'Search patients by name, MRN or birth date',
    tags,
    permission: ['read', 'Patient'],
    query: PatientSearch,
    responses: { 200: { description: 'Matching patients the caller may see', schema: pageSchema(PatientView) } },
    handler: ({ query }) => withRequestTenant(db, (scope) => searchPatientsUseCase(scope, query)),
  });
  defineRoute(router, {
    method: 'post',
    path: '/api/v1/patients',
    summary: 'Register a patient',
    tags,
    permission: ['create', 'Patient'],
    body: PatientCreate,
    successStatus: 201,
    responses: { 201: { description: 'Registered', schema: PatientView } },
    handler: ({ body }) => withRequestTenant(db, (scope) => createPatient(scope, body)),
  });
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/patients/:id',
    summary: 'Read a patient',
    tags,
    permission: ['read', 'Patient'],
    params: IdParams,
    responses: { 200: { description: 'The patient (fields the caller may see)', schema: PatientView } },
    handler: ({ params }) => withRequestTenant(db, (scope) => getPatient(scope, params.id)),
  });
  defineRoute(router, {
    method: 'patch',
    path: '/api/v1/patients/:id',
    summary: 'Change demographics or contact details',
    description: 'Patients may change their own mobile number, e-mail, preferred channel, language and time zone.',
    tags,
    permission: ['update', 'Patient'],
    params: IdParams,
    body: PatientUpdate,
    responses: { 200: { description: 'Updated', schema: PatientView } },
    handler: ({ params, body }) => withRequestTenant(db, (scope) => updatePatient(scope, params.id, body)),
  });
  defineRoute(router, {
    method: 'post',
    path: '/api/v1/patients/:id/consent',
    summary: 'Record a messaging-consent change for one channel',
    tags,
    permission: ['update', 'PatientConsent'],
    params: IdParams,
    body: ConsentChange,
    responses: { 200: { description: 'The patient with the new consent state', schema: PatientView } },
    handler: ({ params, body }) => withRequestTenant(db, (scope) => changeConsent(scope, params.id, body)),
  });
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/patients/:id/consent-events',
    summary: 'Messaging-consent history (newest first)',
    tags,
    permission: ['read', 'PatientConsent'],
    params: IdParams,
    responses: { 200: { description: 'Consent events', schema: z.object({ items: z.array(ConsentEventView) }) } },
    handler: async ({ params }) => ({ items: await withRequestTenant(db, (scope) => listConsentEvents(scope, params.id)) }),
  });
  return router;
}
