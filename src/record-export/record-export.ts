import { type Knex } from 'knex';
import { type AppointmentDeps, listAppointmentsUseCase } from '../appointments/appointment-use-cases.js';
import { recordAudit } from '../audit/record-audit.js';
import { buildAbility } from '../authz/ability.js';
import { patientProxy } from '../authz/actor.js';
import { assertCan, notVisible } from '../authz/assert-can.js';
import { currentActor, withRequestTenant } from '../authz/request-scope.js';
import { currentContext, runWithContext } from '../context/request-context.js';
import { getLabResultUseCase, listLabResultsUseCase } from '../lab-results/results/result-queries.js';
import { listCommunications } from '../messaging/communications/list-communications.js';
import { listAllergies } from '../prescriptions/clinical-data/allergies.js';
import { listMedications } from '../prescriptions/clinical-data/medications.js';
import { listPrescriptions } from '../prescriptions/api/read-prescriptions.js';
import { listReferrals } from '../referrals/use-cases/read-referrals.js';
import { type ReferralDeps } from '../referrals/use-cases/referral-deps.js';
import { findPatient } from '../registry/patients/patient-repository.js';
import { getPatient, listConsentEvents } from '../registry/patients/patient-use-cases.js';
import { type Page } from '../registry/shared/pagination.js';

export const RECORD_EXPORT_FORMAT = 'smartclinix.patient-record.v1';

/** Why staff release a copy: the patient's (or their representative's) request, on file under a reference. */
export interface RecordRelease {
  /** The clinic's reference of the written request (e.g. its ROI log number); no free text. */
  requestReference: string;
  requestedBy: 'patient' | 'personal-representative';
}

export interface RecordExportDeps {
  db: Knex;
  appointments: AppointmentDeps;
  referrals: ReferralDeps;
}

const PAGE_SIZE = 100;

/** Every item of a cursor-paginated reader, page after page. */
async function everyPage<T>(read: (page: { limit: number; cursor?: string }) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await read({ limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/** `read` applied to each item in turn (one transaction serves one query at a time). */
async function everyItem<T, R>(items: T[], read: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (const item of items) results.push(await read(item));
  return results;
}

/**
 * A copy of a patient's record for the patient: demographics, consent history, allergies,
 * medications, appointments, referrals, lab results, prescriptions and the messages sent to them.
 *
 * Each section is read through the same use case the API serves it with, so the copy holds exactly
 * what the caller may see there: released results only (a result held under a Cures Act exception
 * stays out until its hold ends), the patient's fields of each record, no staff-only notes. Each
 * section's reads are audited as they are elsewhere, and the export itself is one more event with
 * the count per section.
 */
export async function exportPatientRecord(deps: RecordExportDeps, patientId: string, release?: RecordRelease) {
  const own = await withRequestTenant(deps.db, async (scope) => {
    const patient = await findPatient(scope, patientId);
    if (!patient) throw notVisible('export', 'Patient', patientId, patientId);
    assertCan(scope.ability, 'export', 'Patient', patient, { patientId });
    return {
      patient: await getPatient(scope, patientId),
      consentEvents: await listConsentEvents(scope, patientId),
      allergies: await listAllergies(scope, patientId),
      medications: await listMedications(scope, patientId),
      // Each result in full, with its values, as the patient opens it in the portal.
      labResults: await everyItem(await everyPage((page) => listLabResultsUseCase(scope, { patientId, ...page })), (r) => getLabResultUseCase(scope, String(r.id))),
      prescriptions: await everyPage((page) => listPrescriptions(scope, { patientId, ...page })),
      communications: await everyPage((page) => listCommunications(scope, patientId, page)),
    };
  });
  // These two read in transactions of their own.
  const appointments = await everyPage((page) => listAppointmentsUseCase(deps.appointments, { patientId, ...page }));
  const referrals = await everyPage((page) => listReferrals(deps.referrals, { patientId, ...page }));

  const sections = { ...own, appointments, referrals };
  const counts = Object.fromEntries(Object.entries(sections).flatMap(([name, value]) => (Array.isArray(value) ? [[name, value.length]] : [])));
  const exportedAt = await withRequestTenant(deps.db, async ({ trx, actor }) => {
    await recordAudit(trx, actor, { action: 'export', entityType: 'Patient', entityId: patientId, patientId, details: { format: RECORD_EXPORT_FORMAT, counts, ...(release ? { release } : {}) } });
    return new Date().toISOString();
  });
  return { format: RECORD_EXPORT_FORMAT, exportedAt, ...sections };
}

/**
 * The same copy, released by staff to a patient who asked the clinic for it (release of information,
 * e.g. a patient without a portal account). The staff member must be allowed to disclose the record;
 * the copy is then gathered with that patient's own permissions (exactly what their portal would
 * show: released results only, no staff-only fields), every read audited as the staff member's,
 * marked as in the patient's place, and the export event names the request it answers.
 */
export async function releasePatientRecord(deps: RecordExportDeps, patientId: string, release: RecordRelease) {
  await withRequestTenant(deps.db, async (scope) => {
    const patient = await findPatient(scope, patientId);
    if (!patient) throw notVisible('disclose', 'Patient', patientId, patientId);
    assertCan(scope.ability, 'disclose', 'Patient', patient, { patientId });
  });
  const proxy = patientProxy(currentActor().actor, patientId);
  return runWithContext({ ...currentContext()!, actor: proxy, ability: buildAbility(proxy) }, () => exportPatientRecord(deps, patientId, release));
}
