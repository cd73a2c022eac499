import { ActivityFailure, CancellationScope, condition, isCancellation } from '@temporalio/workflow';
import { type AppointmentWorkflowInput, type ReminderStepView } from '../../workflows/shared/appointment.js';
import { type SendMessageRequest } from '../../workflows/shared/messaging.js';
import { type SendResult, stepMessageKey } from '../reminder-plan.js';
import { type AppointmentRunState, type Notice } from '../workflow-state.js';
import { NOTICE_TEMPLATES } from '../workflow-rules.js';
import { sendMessage } from './activities.js';

type Audit = (action: string, details: Record<string, unknown>) => Promise<void>;

const messageIdOf = (result: SendResult) => ('messageId' in result ? { messageId: result.messageId } : {});

/**
 * Everything the appointment workflow sends, through the messaging module's `sendMessage` (consent,
 * quiet hours, frequency cap, ledger). One send at a time; a staff change can wait for it, or
 * interrupt one that is still retrying, so no message for the old state goes out after the change.
 */
export class Messenger {
  private inFlight: CancellationScope | undefined;

  constructor(
    private readonly input: AppointmentWorkflowInput,
    private readonly workflowId: string,
    private readonly state: AppointmentRunState,
    private readonly audit: Audit,
  ) {}

  /** Waits for a send in flight; after `waitMs` a send still retrying is cancelled instead. */
  async settle(waitMs: number): Promise<void> {
    if (this.inFlight && !(await condition(() => !this.inFlight, waitMs))) this.inFlight?.cancel();
    await condition(() => !this.inFlight);
  }

  async sendStep(step: ReminderStepView): Promise<void> {
    const startsAt = this.state.facts.startsAt;
    const result = await this.send({
      idempotencyKey: stepMessageKey(this.workflowId, step.stepId, startsAt),
      template: step.template,
      channel: step.channel,
      purpose: 'appointment-reminder',
      replyTo: { workflowId: this.workflowId, expiresAt: startsAt },
    });
    this.state.recordStepOutcome(step.stepId, result, Date.now(), startsAt);
    const after = this.state.plan.find((s) => s.stepId === step.stepId)!;
    await this.audit('appointment.reminder', { stepId: step.stepId, status: after.status, reason: after.reason, ...messageIdOf(result) });
  }

  async deliverNotice(notice: Notice): Promise<void> {
    const result = await this.send({
      idempotencyKey: notice.key,
      template: NOTICE_TEMPLATES[notice.kind],
      channel: notice.channel,
      purpose: 'patient-notice',
      ...(notice.repliesUntil ? { replyTo: { workflowId: this.workflowId, expiresAt: notice.repliesUntil } } : {}),
    });
    this.state.recordNoticeOutcome(notice.id, result, Date.now());
    const after = this.state.notices.find((n) => n.id === notice.id)!;
    await this.audit('appointment.notice', { kind: notice.kind, status: after.status, reason: after.reason, ...messageIdOf(result) });
  }

  private async send(request: Omit<SendMessageRequest, 'tenantId' | 'recipient' | 'subject'>): Promise<SendResult> {
    const scope = new CancellationScope();
    this.inFlight = scope;
    try {
      return await scope.run(() =>
        sendMessage({
          ...request,
          tenantId: this.input.tenantId,
          recipient: { type: 'patient', patientId: this.state.facts.patientId },
          subject: { type: 'appointment', id: this.input.appointmentId },
        }),
      );
    } catch (err) {
      if (isCancellation(err) && scope.consideredCancelled) return { status: 'interrupted' };
      if (!(err instanceof ActivityFailure)) throw err;
      return { status: 'failed' };
    } finally {
      this.inFlight = undefined;
    }
  }
}
