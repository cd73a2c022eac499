import { type Client } from '@temporalio/client';
import { type ReferralAppointmentEvent, referralAppointmentSignal, referralWorkflowId } from '../workflows/shared/referral.js';

const DEADLINE_MS = 5_000;

/**
 * For the appointment side: tells a referral's workflow that an appointment booked for it was
 * booked, completed, missed or cancelled. A signal that cannot be delivered is not fatal: the
 * referral workflow re-reads the linked appointment after the visit (and finds a booking that
 * carries its ID when its booking deadline passes), so the caller may ignore the returned false.
 */
export async function notifyReferralOfAppointment(temporal: Client, referralId: string, event: ReferralAppointmentEvent): Promise<boolean> {
  try {
    await temporal.withDeadline(Date.now() + DEADLINE_MS, () => temporal.workflow.getHandle(referralWorkflowId(referralId)).signal(referralAppointmentSignal, event));
    return true;
  } catch {
    return false;
  }
}
