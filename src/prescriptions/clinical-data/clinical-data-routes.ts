import { Router } from 'express';
import { type AppDeps } from '../../api/app-deps.js';
import { defineRoute } from '../../api/openapi/define-route.js';
import { z } from '../../api/openapi/registry.js';
import { withRequestTenant } from '../../authz/request-scope.js';
import { createAllergy, listAllergies, updateAllergy } from './allergies.js';
import {
  AllergyCreate,
  AllergyUpdate,
  AllergyView,
  MedicationCreate,
  MedicationQuery,
  MedicationUpdate,
  MedicationView,
  PatientItemParams,
  PatientParams,
  PharmacyCreate,
  PharmacyUpdate,
  PharmacyView,
  PreferredPharmacySet,
  PreferredPharmacyView,
  SettingsUpdate,
  SettingsView,
} from './clinical-data-schemas.js';
import { createMedication, listMedications, updateMedication } from './medications.js';
import { createPharmacy, getPreferredPharmacy, listPharmacies, setPreferredPharmacy, updatePharmacy } from './pharmacies.js';
import { readSettings, updateSettings } from './settings.js';

const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** What prescription screening and transmission need: allergies, active medications, pharmacies, settings. */
export function clinicalDataRoutes({ db, config }: AppDeps): Router {
  const router = Router();
  const tags = ['Prescriptions: clinical data'];
  const defaults = config.prescriptions;
  const pharmacyPolicy = { production: config.env === 'production' };

  defineRoute(router, {
    method: 'get', path: '/api/v1/patients/:id/allergies', summary: "A patient's allergies", tags,
    permission: ['read', 'PatientAllergy'], params: PatientParams,
    responses: { 200: { description: 'Allergies', schema: items(AllergyView) } },
    handler: async ({ params }) => ({ items: await withRequestTenant(db, (s) => listAllergies(s, params.id)) }),
  });
  defineRoute(router, {
    method: 'post', path: '/api/v1/patients/:id/allergies', summary: 'Record an allergy', tags,
    permission: ['create', 'PatientAllergy'], params: PatientParams, body: AllergyCreate, successStatus: 201,
    responses: { 201: { description: 'Recorded', schema: AllergyView } },
    handler: ({ params, body }) => withRequestTenant(db, (s) => createAllergy(s, params.id, body)),
  });
  defineRoute(router, {
    method: 'patch', path: '/api/v1/patients/:id/allergies/:itemId', summary: 'Change an allergy (reaction, severity, status)', tags,
    permission: ['update', 'PatientAllergy'], params: PatientItemParams, body: AllergyUpdate,
    responses: { 200: { description: 'Changed', schema: AllergyView } },
    handler: ({ params, body }) => withRequestTenant(db, (s) => updateAllergy(s, params.id, params.itemId, body)),
  });

  defineRoute(router, {
    method: 'get', path: '/api/v1/patients/:id/medications', summary: "A patient's medications, optionally by status", tags,
    permission: ['read', 'PatientMedication'], params: PatientParams, query: MedicationQuery,
    responses: { 200: { description: 'Medications', schema: items(MedicationView) } },
    handler: async ({ params, query }) => ({ items: await withRequestTenant(db, (s) => listMedications(s, params.id, query.status)) }),
  });
  defineRoute(router, {
    method: 'post', path: '/api/v1/patients/:id/medications', summary: 'Record an active medication', tags,
    permission: ['create', 'PatientMedication'], params: PatientParams, body: MedicationCreate, successStatus: 201,
    responses: { 201: { description: 'Recorded', schema: MedicationView } },
    handler: ({ params, body }) => withRequestTenant(db, (s) => createMedication(s, params.id, body)),
  });
  defineRoute(router, {
    method: 'patch', path: '/api/v1/patients/:id/medications/:itemId', summary: 'Stop or correct a medication', tags,
    permission: ['update', 'PatientMedication'], params: PatientItemParams, body: MedicationUpdate,
    responses: { 200: { description: 'Changed', schema: MedicationView } },
    handler: ({ params, body }) => withRequestTenant(db, (s) => updateMedication(s, params.id, params.itemId, body)),
  });

  defineRoute(router, {
    method: 'get', path: '/api/v1/patients/:id/pharmacy', summary: "A patient's preferred pharmacy", tags,
    permission: ['read', 'PatientPharmacy'], params: PatientParams,
    responses: { 200: { description: 'Preferred pharmacy', schema: PreferredPharmacyView } },
    handler: ({ params }) => withRequestTenant(db, (s) => getPreferredPharmacy(s, params.id)),
  });
  defineRoute(router, {
    method: 'put', path: '/api/v1/patients/:id/pharmacy', summary: "Set a patient's preferred pharmacy", tags,
    permission: ['update', 'PatientPharmacy'], params: PatientParams, body: PreferredPharmacySet,
    responses: { 200: { description: 'Preferred pharmacy', schema: PreferredPharmacyView } },
    handler: ({ params, body }) => withRequestTenant(db, (s) => setPreferredPharmacy(s, params.id, body.pharmacyId)),
  });

  defineRoute(router, {
    method: 'get', path: '/api/v1/pharmacies', summary: "The tenant's pharmacy directory", tags,
    permission: ['read', 'Pharmacy'], query: z.object({ active: z.enum(['true', 'false']).transform((v) => v === 'true').optional() }),
    responses: { 200: { description: 'Pharmacies', schema: items(PharmacyView) } },
    handler: async ({ query }) => ({ items: await withRequestTenant(db, (s) => listPharmacies(s, query)) }),
  });
  defineRoute(router, {
    method: 'post', path: '/api/v1/pharmacies', summary: 'Add a pharmacy to the directory', tags,
    permission: ['create', 'Pharmacy'], body: PharmacyCreate, successStatus: 201,
    responses: { 201: { description: 'Added', schema: PharmacyView } },
    handler: ({ body }) => withRequestTenant(db, (s) => createPharmacy(s, body, pharmacyPolicy)),
  });
  defineRoute(router, {
    method: 'patch', path: '/api/v1/pharmacies/:id', summary: 'Change a pharmacy (endpoint, service account, active)', tags,
    permission: ['update', 'Pharmacy'], params: PatientParams, body: PharmacyUpdate,
    responses: { 200: { description: 'Changed', schema: PharmacyView } },
    handler: ({ params, body }) => withRequestTenant(db, (s) => updatePharmacy(s, params.id, body, pharmacyPolicy)),
  });

  defineRoute(router, {
    method: 'get', path: '/api/v1/prescription-settings', summary: "The tenant's refill protocol and time limits", tags,
    permission: ['read', 'PrescriptionSettings'],
    responses: { 200: { description: 'Settings', schema: SettingsView } },
    handler: () => withRequestTenant(db, (s) => readSettings(s, defaults)),
  });
  defineRoute(router, {
    method: 'put', path: '/api/v1/prescription-settings', summary: 'Change the refill protocol and time limits', tags,
    permission: ['update', 'PrescriptionSettings'], body: SettingsUpdate,
    responses: { 200: { description: 'Settings', schema: SettingsView } },
    handler: ({ body }) => withRequestTenant(db, (s) => updateSettings(s, defaults, body)),
  });
  return router;
}
