import { type RuleSet } from '../ability.js';

declare module '../subjects.js' {
  interface SubjectTypes {
    /** A prescription request, from preparation to transmission. */
    Prescription: true;
    /** A refill request as its requester (pharmacy service account or patient) submits and follows it. */
    RefillRequest: true;
    PatientAllergy: true;
    /** Active (and past) medications of a patient. */
    PatientMedication: true;
    /** A patient's preferred pharmacy. */
    PatientPharmacy: true;
    /** The tenant's pharmacy directory. */
    Pharmacy: true;
    /** The tenant's refill protocol and request time limits. */
    PrescriptionSettings: true;
    /** What a requester is told when a request is denied or closed. */
    PrescriptionNotice: true;
  }
  interface ActionTypes {
    /** Approve (or modify and approve) as the prescriber: a licensed prescriber's act. */
    sign: true;
    deny: true;
    /** Act on a prescription task at all (route gate): signing, or a nurse's protocol refill. */
    decide: true;
  }
}

/** Pharmacists see where a prescription went and whether it arrived, not its clinical content. */
export const PRESCRIPTION_PHARMACY_FIELDS = ['id', 'tenantId', 'status', 'pharmacyId', 'transmissions', 'sentAt', 'createdAt', 'updatedAt'];
/** Ops see workflow state only. */
export const PRESCRIPTION_OPERATIONAL_FIELDS = ['id', 'tenantId', 'workflowId', 'workflow', 'status', 'kind', 'origin', 'createdAt', 'updatedAt'];
/** A patient sees their own prescriptions, without screening internals or the staff-side history. */
export const PRESCRIPTION_PATIENT_FIELDS = [
  'id',
  'tenantId',
  'patientId',
  'kind',
  'status',
  'medication',
  'strength',
  'dose',
  'route',
  'timing',
  'asNeeded',
  'sig',
  'quantity',
  'refills',
  'daysSupply',
  'pharmacyId',
  'decision',
  'sentAt',
  'createdAt',
  'updatedAt',
];

/**
 * Physicians sign; nurses prepare and handle protocol refills; pharmacists see pharmacy-side status
 * and transmission errors; a patient sees their own prescriptions and requests refills; pharmacy
 * service accounts submit refill requests only; ops see workflow state only.
 */
export const prescriptionRules: RuleSet = (can, _cannot, actor) => {
  switch (actor.role) {
    case 'physician':
      can(['read', 'create', 'sign', 'deny', 'decide'], 'Prescription');
      can(['read', 'create', 'update'], ['PatientAllergy', 'PatientMedication']);
      can(['read', 'update'], 'PatientPharmacy');
      can('read', ['Pharmacy', 'PrescriptionSettings']);
      can('read', 'PrescriptionNotice', { recipientType: 'user', recipientId: actor.id });
      break;
    case 'nurse':
      can(['read', 'create', 'decide'], 'Prescription');
      can(['read', 'create', 'update'], ['PatientAllergy', 'PatientMedication']);
      can(['read', 'update'], 'PatientPharmacy');
      can('read', ['Pharmacy', 'PrescriptionSettings']);
      can('read', 'PrescriptionNotice', { recipientType: 'user', recipientId: actor.id });
      break;
    case 'pharmacist':
      can('read', 'Prescription', PRESCRIPTION_PHARMACY_FIELDS);
      can('read', 'Pharmacy');
      break;
    case 'ops':
      can('read', 'Prescription', PRESCRIPTION_OPERATIONAL_FIELDS);
      break;
    case 'admin':
      can(['read', 'create', 'update'], 'Pharmacy');
      can(['read', 'update'], 'PrescriptionSettings');
      break;
    case 'patient':
      if (!actor.patientId) break;
      can('read', 'Prescription', PRESCRIPTION_PATIENT_FIELDS, { patientId: actor.patientId });
      can(['read', 'create'], 'RefillRequest', { patientId: actor.patientId });
      can('read', ['PatientAllergy', 'PatientMedication'], { patientId: actor.patientId });
      can(['read', 'update'], 'PatientPharmacy', { patientId: actor.patientId });
      can('read', 'Pharmacy');
      can('read', 'PrescriptionNotice', { recipientType: 'patient', recipientId: actor.patientId });
      break;
    case 'integration':
      // A pharmacy's service account; the use case also requires the key to be linked to a pharmacy.
      if (actor.type !== 'service') break;
      can('create', 'RefillRequest');
      can('read', 'RefillRequest', { requestedById: actor.id });
      break;
    default:
      break;
  }
};
