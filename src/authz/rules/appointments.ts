import { type RuleSet } from '../ability.js';

declare module '../subjects.js' {
  interface SubjectTypes {
    Appointment: true;
    /** The reminder workflow of an appointment: plan, phase and status, without who the patient is. */
    AppointmentWorkflow: true;
    /** Working hours, exceptions such as leave, and the free slots they leave. */
    PractitionerSchedule: true;
    Location: true;
    /** The tenant's reminder plan and no-show rules. */
    AppointmentSettings: true;
  }
  interface ActionTypes {
    cancel: true;
  }
}

/** What a patient reading their own appointment sees: not the staff note. */
export const APPOINTMENT_PATIENT_FIELDS = [
  'id',
  'tenantId',
  'patientId',
  'practitionerId',
  'locationId',
  'type',
  'startsAt',
  'endsAt',
  'durationMinutes',
  'status',
  'confirmedAt',
  'cancelledAt',
  'cancelledBy',
  'referralId',
  'workflow',
];

/**
 * Schedulers and administrators book and change appointments; physicians see their own schedule;
 * patients see and cancel their own appointments; ops see workflow state only (minimum necessary).
 */
export const appointmentRules: RuleSet = (can, _cannot, actor) => {
  switch (actor.role) {
    case 'admin':
    case 'scheduler':
      can(['read', 'create', 'update', 'cancel'], 'Appointment');
      can('read', 'AppointmentWorkflow');
      can(['read', 'update'], 'PractitionerSchedule');
      can(['read', 'create'], 'Location');
      can('read', 'AppointmentSettings');
      if (actor.role === 'admin') can('update', 'AppointmentSettings');
      break;
    case 'physician':
      if (actor.practitionerId) {
        can('read', ['Appointment', 'AppointmentWorkflow'], { practitionerId: actor.practitionerId });
        can('read', 'PractitionerSchedule', { practitionerId: actor.practitionerId });
      }
      can('read', 'Location');
      break;
    case 'patient':
      if (actor.patientId) {
        can('read', 'Appointment', APPOINTMENT_PATIENT_FIELDS, { patientId: actor.patientId });
        can('cancel', 'Appointment', { patientId: actor.patientId });
      }
      break;
    case 'ops':
      can('read', 'AppointmentWorkflow');
      break;
    default:
      break;
  }
};
