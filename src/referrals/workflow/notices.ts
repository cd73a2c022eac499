import { ActivityFailure, CancellationScope, isCancellation, log, sleep } from '@temporalio/workflow';
import { type SendMessageOutcome } from '../../workflows/shared/messaging.js';
import { sendMessage, store } from './activities.js';
import { type ReferralRun } from './run-state.js';

/** The patient messages of a referral. None carries clinical detail (the templates admit none). */
export const NOTICE_TEMPLATES = {
  accepted: 'referral.accepted',
  'please-book': 'referral.please-book',
  'booking-reminder': 'referral.please-book',
  booked: 'referral.booked',
  declined: 'referral.declined',
} as const;
export type NoticeKind = keyof typeof NOTICE_TEMPLATES;

/**
 * Sends patient notices alongside the loop, each exactly once (its idempotency key names the
 * referral, the notice and the stage). A notice held by quiet hours or the frequency cap waits and
 * asks again with the same key, unless it is no longer wanted by then (the patient booked meanwhile);
 * notices still waiting when the referral ends are dropped.
 */
export class Notices {
  private readonly waiting = new Set<CancellationScope>();
  private readonly running: Promise<void>[] = [];

  constructor(private readonly run: ReferralRun) {}

  send(kind: NoticeKind, stageKey: string, stillWanted: () => boolean): void {
    const scope = new CancellationScope();
    this.waiting.add(scope);
    const work = scope
      .run(() => this.deliver(kind, `${this.run.workflowId}:notice:${kind}:${stageKey}`, stillWanted))
      .catch((err: unknown) => {
        if (!isCancellation(err)) log.warn('referral notice failed', { kind, errorType: (err as Error)?.name });
      })
      .finally(() => this.waiting.delete(scope));
    this.running.push(work);
  }

  dropWaiting(): void {
    for (const scope of this.waiting) scope.cancel();
  }

  async settled(): Promise<void> {
    await Promise.all(this.running);
  }

  private async deliver(kind: NoticeKind, idempotencyKey: string, stillWanted: () => boolean): Promise<void> {
    const { tenantId, referralId } = this.run.input;
    for (;;) {
      if (!stillWanted()) return this.audit(kind, { status: 'dropped' });
      let outcome: SendMessageOutcome;
      try {
        outcome = await sendMessage({
          tenantId,
          idempotencyKey,
          recipient: { type: 'patient', patientId: this.run.loaded.patientId },
          template: NOTICE_TEMPLATES[kind],
          channel: 'preferred',
          purpose: 'patient-notice',
          subject: { type: 'referral', id: referralId },
        });
      } catch (err) {
        if (!(err instanceof ActivityFailure)) throw err;
        return this.audit(kind, { status: 'failed' });
      }
      if (outcome.status !== 'deferred') {
        return this.audit(kind, { status: outcome.status, messageId: outcome.messageId, ...('reason' in outcome ? { reason: outcome.reason } : {}) });
      }
      await sleep(Math.max(1000, Date.parse(outcome.until) - Date.now()));
    }
  }

  private async audit(kind: NoticeKind, details: Record<string, unknown>): Promise<void> {
    await store.auditReferralEvent({ tenantId: this.run.input.tenantId, referralId: this.run.input.referralId, action: 'referral.notice', details: { kind, ...details } });
  }
}
