import { type SubjectCurrencyCheck } from '../messaging/subject-resolvers.js';

/** Messages about a visit still to come: worth nothing once it is cancelled, missed or past. */
const ABOUT_UPCOMING_VISIT: ReadonlySet<string> = new Set(['appointment.reminder', 'appointment.confirm-request', 'appointment.confirmed', 'appointment.moved']);
/** Statuses of a visit that is still going to happen. */
const UPCOMING = ['booked', 'confirmed'];

/**
 * A reminder (or confirmation, or move) sent late must still be true: the visit is ahead and neither
 * cancelled nor missed. A cancellation notice or a rebooking invitation stays true, so it always goes.
 */
export const appointmentMessageCurrent: SubjectCurrencyCheck = async (trx, { subjectId, template }, now) => {
  if (!ABOUT_UPCOMING_VISIT.has(template)) return true;
  const row = await trx('appointments').where({ id: subjectId }).whereIn('status', UPCOMING).where('starts_at', '>', now).first<{ id: string } | undefined>('id');
  return row !== undefined;
};
