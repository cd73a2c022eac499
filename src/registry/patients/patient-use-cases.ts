import { assertCan, notVisible } from '../../authz/assert-can.js';
import { assertFieldsPermitted, assertFilterPermitted, pickPermitted } from '../../authz/permitted-fields.js';
import { type AccessScope } from '../../authz/request-scope.js';
import { recordAudit, recordAuditMany } from '../../audit/record-audit.js';
import { validationFailed } from '../../errors/app-error.js';
import { offsetOf, type Page, toPage } from '../shared/pagination.js';
import { applyConsentChange, type ConsentEvent, consentHistory } from './consent.js';
import { hasReachableResponsibleParty, isMinor } from './minors.js';
import { findPatient, insertPatient, type PatientRecord, searchPatients, updatePatientFields } from './patient-repository.js';
import { type ConsentChangeInput, type PatientCreateInput, type PatientUpdateInput } from './patient-schemas.js';

export type PatientView = Partial<PatientRecord>;

const view = (scope: AccessScope, record: PatientRecord): PatientView => pickPermitted(scope.ability, 'read', 'Patient', record);

function requireResponsiblePartyForMinor(record: Pick<PatientRecord, 'birthDate' | 'responsibleParty'>): void {
  if (isMinor(record.birthDate) && !hasReachableResponsibleParty(record.responsibleParty)) {
    throw validationFailed([{ pointer: '/body/responsibleParty', detail: 'a minor needs a responsible party with a mobile number or e-mail' }]);
  }
}

/** Search (each returned patient's read is audited). Filtering on fields the caller may not read is refused. */
export async function searchPatientsUseCase(
  scope: AccessScope,
  query: { q?: string; mrn?: string; birthDate?: string; limit: number; cursor?: string },
): Promise<Page<PatientView>> {
  const filters = { ...(query.q ? { q: query.q } : {}), ...(query.mrn ? { mrn: query.mrn } : {}), ...(query.birthDate ? { birthDate: query.birthDate } : {}) };
  const filterFields = [...(filters.q ? ['givenName', 'familyName'] : []), ...(filters.mrn ? ['mrn'] : []), ...(filters.birthDate ? ['birthDate'] : [])];
  assertFilterPermitted(scope.ability, 'Patient', filterFields);
  const offset = offsetOf(query.cursor);
  const page = toPage(await searchPatients(scope, filters, { limit: query.limit, offset }), query.limit, offset);
  await recordAuditMany(
    scope.trx,
    scope.actor,
    page.items.map((p) => ({ action: 'read', entityType: 'Patient', entityId: p.id, patientId: p.id, details: { via: 'search', filters: Object.keys(filters) } })),
  );
  return { items: page.items.map((p) => view(scope, p)), nextCursor: page.nextCursor };
}

export async function getPatient(scope: AccessScope, id: string): Promise<PatientView> {
  const patient = await findPatient(scope, id);
  if (!patient) throw notVisible('read', 'Patient', id, id);
  assertCan(scope.ability, 'read', 'Patient', patient, { patientId: id });
  await recordAudit(scope.trx, scope.actor, { action: 'read', entityType: 'Patient', entityId: id, patientId: id });
  return view(scope, patient);
}

export async function createPatient(scope: AccessScope, input: PatientCreateInput): Promise<PatientView> {
  requireResponsiblePartyForMinor({ birthDate: input.birthDate, responsibleParty: input.responsibleParty ? { mobileE164: null, email: null, ...input.responsibleParty } : null });
  const { consent, ...fields } = input;
  const id = await insertPatient(scope.trx, scope.actor.tenantId, fields);
  for (const channel of ['sms', 'email'] as const) {
    const grant = consent?.[channel];
    if (grant) await applyConsentChange(scope.trx, scope.actor.tenantId, id, { channel, ...grant });
  }
  const created = (await findPatient(scope, id))!;
  await recordAudit(scope.trx, scope.actor, { action: 'create', entityType: 'Patient', entityId: id, patientId: id });
  return view(scope, created);
}

/** Staff change demographics and contacts; a patient may change only their own contact preferences. */
export async function updatePatient(scope: AccessScope, id: string, changes: PatientUpdateInput): Promise<PatientView> {
  const patient = await findPatient(scope, id);
  if (!patient) throw notVisible('update', 'Patient', id, id);
  assertCan(scope.ability, 'update', 'Patient', patient, { patientId: id });
  const fields = Object.keys(changes).filter((k) => (changes as Record<string, unknown>)[k] !== undefined);
  assertFieldsPermitted(scope.ability, 'update', 'Patient', patient, fields);
  const merged = { ...patient, ...changes, responsibleParty: changes.responsibleParty === undefined ? patient.responsibleParty : changes.responsibleParty };
  if (fields.includes('birthDate') || fields.includes('responsibleParty')) {
    requireResponsiblePartyForMinor({ birthDate: merged.birthDate, responsibleParty: merged.responsibleParty ? { mobileE164: null, email: null, ...merged.responsibleParty } : null });
  }
  await updatePatientFields(scope.trx, id, changes);
  await recordAudit(scope.trx, scope.actor, { action: 'update', entityType: 'Patient', entityId: id, patientId: id, details: { fields } });
  return view(scope, (await findPatient(scope, id))!);
}

/** A patient's own change is always recorded as coming from the portal, whatever the client claims. */
export async function changeConsent(scope: AccessScope, id: string, requested: ConsentChangeInput): Promise<PatientView> {
  const patient = await findPatient(scope, id);
  if (!patient) throw notVisible('update', 'PatientConsent', id, id);
  assertCan(scope.ability, 'update', 'PatientConsent', { tenantId: patient.tenantId, patientId: id, id }, { patientId: id });
  const change = scope.actor.role === 'patient' ? { ...requested, source: 'patient-portal' } : requested;
  await applyConsentChange(scope.trx, scope.actor.tenantId, id, change);
  await recordAudit(scope.trx, scope.actor, {
    action: 'consent-change',
    entityType: 'Patient',
    entityId: id,
    patientId: id,
    details: { channel: change.channel, status: change.status, source: change.source },
  });
  return view(scope, (await findPatient(scope, id))!);
}

export async function listConsentEvents(scope: AccessScope, id: string): Promise<ConsentEvent[]> {
  const patient = await findPatient(scope, id);
  if (!patient) throw notVisible('read', 'PatientConsent', id, id);
  assertCan(scope.ability, 'read', 'PatientConsent', { tenantId: patient.tenantId, patientId: id, id }, { patientId: id });
  await recordAudit(scope.trx, scope.actor, { action: 'read', entityType: 'PatientConsent', entityId: id, patientId: id });
  return consentHistory(scope.trx, id);
}
