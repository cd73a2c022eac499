import { assertCan, notVisible } from '../../authz/assert-can.js';
import { type AccessScope } from '../../authz/request-scope.js';
import { type Action, type SubjectType } from '../../authz/subjects.js';
import { findPatient } from '../../registry/patients/patient-repository.js';

/**
 * A patient's clinical data is reachable only through a patient the caller may see, and only with
 * the data's own permission: both answer 404 otherwise (the record's existence is not revealed),
 * and the denial is audited.
 */
export async function requirePatientData(scope: AccessScope, patientId: string, action: Action, subject: SubjectType): Promise<void> {
  const patient = await findPatient(scope, patientId);
  if (!patient) throw notVisible(action, subject, patientId, patientId);
  assertCan(scope.ability, action, subject, { tenantId: patient.tenantId, patientId, id: patientId }, { entityId: patientId, patientId });
}
