import { type RuleSet } from '../ability.js';

declare module '../subjects.js' {
  interface SubjectTypes {
    /** A lab order (what results are matched against). */
    LabOrder: true;
    /**
     * A lab result report. Conditions use `viewerPractitionerId` (set when the caller is the
     * ordering physician, their cover, a physician of the orderer's department, or a clinician the
     * result was routed to), `patientId`, `patientVisible` (released and not on hold) and `matchStatus`.
     */
    LabResult: true;
    /** Submitting results (HL7 v2 or FHIR) as a lab integration. */
    LabSubmission: true;
    /** Messages that could not be accepted: header fields and the error, never the message. */
    LabIntegrationError: true;
    /** Critical-result timeliness figures (aggregates, no patient data). */
    LabTimelinessReport: true;
    /** A sending lab allow-listed for the tenant (`lab_integrations`): sender identity, service account, parsing hints. */
    LabIntegration: true;
    /** The tenant's normal and critical limits for one LOINC code (`lab_critical_ranges`). */
    LabCriticalRange: true;
    /** The tenant's lab-result timings: acknowledgement deadline, escalation steps, review and reconciliation due. */
    LabSettings: true;
  }
  interface ActionTypes {
    acknowledge: true;
    hold: true;
    release: true;
    reconcile: true;
  }
}

/** What a patient reads of their own released result: the result, not how it was routed. */
export const LAB_RESULT_PATIENT_FIELDS = [
  'id',
  'tenantId',
  'patientId',
  'test',
  'status',
  'corrected',
  'classification',
  'observations',
  'notes',
  'observedAt',
  'resultedAt',
  'releasedAt',
];

/** Ops troubleshoot the workflow: its state and timeline, no patient, test or value. */
export const LAB_RESULT_OPERATIONAL_FIELDS = [
  'id',
  'tenantId',
  'workflowId',
  'status',
  'matchStatus',
  'criticalState',
  'escalationLevel',
  'release',
  'holdUntil',
  'firstReceivedAt',
  'lastReceivedAt',
  'updatedAt',
  'timeline',
];

const UNMATCHED = { $in: ['unmatched', 'ambiguous'] };

/**
 * Lab results: physicians with a relationship to the result see and act on it; unmatched results
 * are reconciled by nurses (their pool holds the reconciliation task) and seen by physicians;
 * patients read their own released results; lab service accounts only submit; ops see workflow
 * state; administrators see integration errors and timeliness.
 *
 * Configuration (no PHI in any of it) is the administrators': integrations, critical ranges and
 * timings. Clinicians may read what governs their work: physicians and nurses the critical-value
 * list (they take critical calls), physicians the acknowledgement deadline and escalation steps;
 * ops read the integrations, to make sense of integration errors (an unknown sender, a key).
 */
export const labResultRules: RuleSet = (can, _cannot, actor) => {
  switch (actor.role) {
    case 'physician':
      if (actor.practitionerId) {
        can(['create', 'read'], 'LabOrder', { orderingPractitionerId: actor.practitionerId });
        can(['read', 'acknowledge', 'hold', 'release'], 'LabResult', { viewerPractitionerId: actor.practitionerId });
      }
      // They may look at the reconciliation queue; matching is the nurse pool's task to decide.
      can('read', 'LabResult', { matchStatus: UNMATCHED });
      can('read', ['LabTimelinessReport', 'LabCriticalRange', 'LabSettings']);
      break;
    case 'nurse':
      can(['read', 'reconcile'], 'LabResult', { matchStatus: UNMATCHED });
      can('read', 'LabCriticalRange');
      break;
    case 'patient':
      if (actor.patientId) can('read', 'LabResult', LAB_RESULT_PATIENT_FIELDS, { patientId: actor.patientId, patientVisible: true });
      break;
    case 'admin':
      can('read', ['LabIntegrationError', 'LabTimelinessReport']);
      can(['read', 'create', 'update'], 'LabIntegration');
      // PUT replaces (or creates) a code's range: `update`.
      can(['read', 'update', 'delete'], 'LabCriticalRange');
      can(['read', 'update'], 'LabSettings');
      break;
    case 'ops':
      can('read', 'LabResult', LAB_RESULT_OPERATIONAL_FIELDS);
      can('read', ['LabIntegrationError', 'LabIntegration']);
      break;
    case 'integration':
      can('create', 'LabSubmission');
      break;
    default:
      break;
  }
};
