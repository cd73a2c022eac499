import { type RuleSet } from '../ability.js';

/**
 * Ops engineers troubleshoot messaging and workflows: they see whether and how a patient can be
 * reached, never who the patient is (minimum necessary).
 */
export const PATIENT_OPERATIONAL_FIELDS = [
  'id',
  'tenantId',
  'preferredChannel',
  'language',
  'timezone',
  'smsConsent',
  'smsConsentAt',
  'emailConsent',
  'emailConsentAt',
  'createdAt',
  'updatedAt',
];

/** What a patient may change on their own record (contact preferences, not identity). */
export const PATIENT_SELF_SERVICE_FIELDS = ['mobileE164', 'email', 'preferredChannel', 'language', 'timezone'];

/** Patients, practitioners, departments and coverage. */
export const registryRules: RuleSet = (can, _cannot, actor) => {
  switch (actor.role) {
    case 'admin':
      can(['read', 'create', 'update'], 'Patient');
      // Release of information: the patient's copy of their record, for a patient who asks the clinic for it.
      can('disclose', 'Patient');
      can(['read', 'update'], 'PatientConsent');
      can(['read', 'create', 'update', 'delete'], ['Practitioner', 'Department', 'DepartmentMember', 'Coverage']);
      break;
    case 'scheduler':
      can(['read', 'create', 'update'], 'Patient');
      can(['read', 'update'], 'PatientConsent');
      can('read', ['Practitioner', 'Department', 'DepartmentMember']);
      can(['read', 'create', 'update', 'delete'], 'Coverage');
      break;
    case 'nurse':
      can(['read', 'create', 'update'], 'Patient');
      can(['read', 'update'], 'PatientConsent');
      can('read', ['Practitioner', 'Department', 'DepartmentMember', 'Coverage']);
      break;
    case 'physician':
      can(['read', 'update'], 'Patient');
      can('read', 'PatientConsent');
      can('read', ['Practitioner', 'Department', 'DepartmentMember', 'Coverage']);
      // A physician arranges cover for their own absences.
      if (actor.practitionerId) can(['create', 'update', 'delete'], 'Coverage', { practitionerId: actor.practitionerId });
      break;
    case 'pharmacist':
      can('read', 'Patient');
      can('read', ['Practitioner', 'Department', 'DepartmentMember', 'Coverage']);
      break;
    case 'ops':
      can('read', 'Patient', PATIENT_OPERATIONAL_FIELDS);
      can('read', ['Practitioner', 'Department', 'DepartmentMember', 'Coverage']);
      break;
    case 'patient':
      if (actor.patientId) {
        can('read', 'Patient', { id: actor.patientId });
        // HIPAA right of access, Cures Act, GDPR art. 15 and 20: a copy of everything the portal shows them.
        can('export', 'Patient', { id: actor.patientId });
        can('update', 'Patient', PATIENT_SELF_SERVICE_FIELDS, { id: actor.patientId });
        can(['read', 'update'], 'PatientConsent', { patientId: actor.patientId });
      }
      break;
    default:
      // integration and system: nothing in the registry.
      break;
  }
};
