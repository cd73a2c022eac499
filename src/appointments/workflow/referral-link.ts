import { getExternalWorkflowHandle, log } from '@temporalio/workflow';
import { type AppointmentStatus } from '../../workflows/shared/appointment.js';
import { type ReferralAppointmentEventKind, referralAppointmentSignal, referralWorkflowId } from '../../workflows/shared/referral.js';
import { type TaskActorRef } from '../../workflows/shared/tasks.js';

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

  /** `actor`: the staff user who booked or changed the status, when known (else the referral records the system). */
  booked(actor: TaskActorRef | undefined): Promise<void> {
    return this.tell('booked', actor);
  }

  outcome(status: AppointmentStatus, actor: TaskActorRef | undefined): Promise<void> {
    return this.tell(OUTCOMES[status], actor);
  }

  private async tell(kind: ReferralAppointmentEventKind | undefined, actor: TaskActorRef | undefined): Promise<void> {
    const referralId = this.referralId();
    if (!referralId || !kind || this.told === kind) return;
    this.told = kind;
    try {
      await getExternalWorkflowHandle(referralWorkflowId(referralId)).signal(referralAppointmentSignal, { kind, appointmentId: this.appointmentId, ...(actor ? { actor } : {}) });
    } catch {
      log.warn('referral workflow could not be signalled', { referralId, kind });
    }
  }
}
