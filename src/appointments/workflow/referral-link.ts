import { getExternalWorkflowHandle, log } from '@temporalio/workflow';
import { type AppointmentStatus } from '../../workflows/shared/appointment.js';
import { type ReferralAppointmentEventKind, referralAppointmentSignal, referralWorkflowId } from '../../workflows/shared/referral.js';

/** What a referral's workflow hears when the appointment booked for it ends one way or another. */
const OUTCOMES: Partial<Record<AppointmentStatus, ReferralAppointmentEventKind>> = { completed: 'completed', 'no-show': 'no-show', cancelled: 'cancelled' };

/**
 * Tells the referral an appointment was booked for of the booking and of the visit's outcome, once
 * per event, by a signal from this workflow (durable, in its history). A referral that is gone needs
 * no telling, and one that missed a signal re-reads the appointment after the visit.
 */
export class ReferralLink {
  private told: ReferralAppointmentEventKind | undefined;

  constructor(
    private readonly appointmentId: string,
    private readonly referralId: () => string | null,
  ) {}

  booked(): Promise<void> {
    return this.tell('booked');
  }

  outcome(status: AppointmentStatus): Promise<void> {
    return this.tell(OUTCOMES[status]);
  }

  private async tell(kind: ReferralAppointmentEventKind | undefined): Promise<void> {
    const referralId = this.referralId();
    if (!referralId || !kind || this.told === kind) return;
    this.told = kind;
    try {
      await getExternalWorkflowHandle(referralWorkflowId(referralId)).signal(referralAppointmentSignal, { kind, appointmentId: this.appointmentId });
    } catch {
      log.warn('referral workflow could not be signalled', { referralId, kind });
    }
  }
}
