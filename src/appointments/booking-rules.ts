import { type Knex } from 'knex';
import { pgErrorOf } from '../db/pg-error.js';
import { AppError, conflict } from '../errors/app-error.js';
import { Patient } from '../registry/patients/patient-model.js';
import { isActiveLocation } from './location-repository.js';
import { findActivePractitioner, findSchedule, listExceptions, toPeriods } from './schedule-repository.js';
import { isAvailable } from './slots.js';

const invalid = (code: string, title: string, detail: string, pointer: string) =>
  new AppError(422, code, title, detail, { errors: [{ pointer, detail }] });

/**
 * Whether the practitioner can see the patient at [startsAt, endsAt): in the future, inside their
 * working hours, clear of leave. Overlap with other appointments is the database's call (exclusion
 * constraint), because only it can decide between concurrent requests.
 */
export async function assertBookable(
  trx: Knex.Transaction,
  input: { patientId: string; practitionerId: string; locationId?: string | null; startsAt: Date; endsAt: Date },
  now: Date,
): Promise<void> {
  if (input.startsAt.getTime() <= now.getTime()) {
    throw invalid('in-the-past', 'Start in the past', 'An appointment must start in the future.', '/body/startsAt');
  }
  const patient = await Patient.query(trx).select('id').findById(input.patientId);
  if (!patient) throw invalid('invalid-reference', 'Invalid reference', 'The patient does not exist.', '/body/patientId');
  if (!(await findActivePractitioner(trx, input.practitionerId))) {
    throw invalid('invalid-reference', 'Invalid reference', 'The practitioner does not exist or is inactive.', '/body/practitionerId');
  }
  if (input.locationId && !(await isActiveLocation(trx, input.locationId))) {
    throw invalid('invalid-reference', 'Invalid reference', 'The location does not exist or is inactive.', '/body/locationId');
  }
  const schedule = await findSchedule(trx, input.practitionerId);
  const period = { start: input.startsAt.getTime(), end: input.endsAt.getTime() };
  if (!schedule || !isAvailable(schedule, [], period)) {
    throw invalid('outside-working-hours', 'Outside working hours', 'The practitioner does not work at that time.', '/body/startsAt');
  }
  const exceptions = toPeriods(await listExceptions(trx, input.practitionerId, input.startsAt, input.endsAt));
  if (exceptions.length > 0) throw new AppError(409, 'practitioner-unavailable', 'Practitioner unavailable', 'The practitioner is away at that time.');
}

/** The exclusion constraint's answer, in words a scheduler understands. */
export function slotTakenError(err: unknown): unknown {
  const pg = pgErrorOf(err);
  if (pg?.code === '23P01' && pg.constraint === 'appointments_no_double_booking') {
    return conflict('The practitioner already has an appointment at that time.', { reason: 'slot-taken' });
  }
  return err;
}
