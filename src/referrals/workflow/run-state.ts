import { type HumanTask, type HumanTaskResult } from '../../workflows/lib/human-task.js';
import {
  type CloseCommand,
  type ReferralAppointmentEvent,
  type ReferralRejectionReason,
  type ReferralStage,
  type ReferralStatus,
  type ReferralTaskRole,
  type ReferralWorkflowFacts,
  type ReferralWorkflowInput,
  type ReferralWorkflowView,
  type RequestInfoCommand,
} from '../../workflows/shared/referral.js';

export interface Reply {
  resolve(view: ReferralWorkflowView): void;
  reject(err: unknown): void;
}

/** What the main loop handles, one at a time, in arrival order. */
export type RunEvent =
  | { kind: 'task'; taskId: string; result: HumanTaskResult }
  | { kind: 'appointment'; event: ReferralAppointmentEvent }
  | { kind: 'request-info'; command: RequestInfoCommand; reply: Reply }
  | { kind: 'close'; command: CloseCommand; reply: Reply };

export type TimerName = 'booking-due' | 'booking-follow-up' | 'visit-check';

export interface OpenTask {
  handle: HumanTask;
  role: ReferralTaskRole;
  stageKey: string;
}

interface Timer {
  name: TimerName;
  atMs: number;
  stageKey: string;
}

/**
 * The referral workflow's state: where the loop stands, its open tasks and timers, and the queue
 * of events (task outcomes, appointment changes, commands) the main loop works through. Pure
 * bookkeeping; the decisions are in `stage-flow.ts`.
 */
export class ReferralRun {
  facts: ReferralWorkflowFacts | undefined;
  status: ReferralStatus = 'sent';
  stage: ReferralStage | null = null;
  stageKey: string | null = null;
  /** The triage stage stays open (its clock paused) while the referrer answers a request for information. */
  triageKey: string | null = null;
  moreInfoKey: string | null = null;
  appointmentId: string | null = null;
  /** The scheduling stage under way: its key and how long after the booking reminder the referrer is told. */
  scheduling: { key: string; followUpMs: number } | undefined;
  finished = false;
  readonly tasks = new Map<string, OpenTask>();
  readonly events: RunEvent[] = [];
  readonly processedTasks = new Set<string>();
  readonly knownTasks = new Set<string>();
  readonly seenAppointmentEvents = new Set<string>();
  private readonly rounds = new Map<ReferralStage, number>();
  private timers: Timer[] = [];

  constructor(
    readonly input: ReferralWorkflowInput,
    readonly workflowId: string,
  ) {}

  get loaded(): ReferralWorkflowFacts {
    if (!this.facts) throw new Error('referral facts not loaded');
    return this.facts;
  }

  push(event: RunEvent): void {
    this.events.push(event);
  }

  /** A command from an update: queued, answered once the main loop has handled it. */
  ask(make: (reply: Reply) => RunEvent): Promise<ReferralWorkflowView> {
    return new Promise((resolve, reject) => this.push(make({ resolve, reject })));
  }

  nextStage(stage: ReferralStage): { key: string; round: number } {
    const round = (this.rounds.get(stage) ?? 0) + 1;
    this.rounds.set(stage, round);
    return { key: `${stage}-${round}`, round };
  }

  enter(stage: ReferralStage, key: string, status: ReferralStatus): void {
    this.stage = stage;
    this.stageKey = key;
    this.status = status;
  }

  track(task: OpenTask): void {
    this.tasks.set(task.handle.taskId, task);
    this.knownTasks.add(task.handle.taskId);
  }

  taskOf(role: ReferralTaskRole): OpenTask | undefined {
    return [...this.tasks.values()].find((t) => t.role === role);
  }

  setTimer(name: TimerName, atMs: number, stageKey: string): void {
    this.timers = [...this.timers.filter((t) => t.name !== name), { name, atMs, stageKey }];
  }

  clearTimers(): void {
    this.timers = [];
  }

  /** The earliest timer that is due, removed from the list. */
  takeDueTimer(nowMs: number): Timer | undefined {
    const due = [...this.timers].sort((a, b) => a.atMs - b.atMs).find((t) => t.atMs <= nowMs);
    if (due) this.timers = this.timers.filter((t) => t !== due);
    return due;
  }

  nextTimerAt(): number | undefined {
    return this.timers.length === 0 ? undefined : Math.min(...this.timers.map((t) => t.atMs));
  }

  /** Why a request for more information cannot be taken now, if it cannot. */
  requestInfoRejection(): ReferralRejectionReason | undefined {
    if (!this.facts) return 'referral-loading';
    if (this.finished) return 'referral-closed';
    if (this.moreInfoKey) return 'info-already-requested';
    const triage = this.taskOf('triage');
    if (!triage || this.stage !== 'triage') return 'wrong-stage';
    return undefined;
  }

  closeRejection(): ReferralRejectionReason | undefined {
    if (!this.facts) return 'referral-loading';
    return this.finished ? 'referral-closed' : undefined;
  }

  view(): ReferralWorkflowView {
    return {
      referralId: this.input.referralId,
      status: this.status,
      stage: this.stage,
      stageKey: this.stageKey,
      appointmentId: this.appointmentId,
      openTasks: [...this.tasks.values()].map((t) => ({ taskId: t.handle.taskId, role: t.role, stageKey: t.stageKey, onHold: t.handle.snapshot().onHold })),
      timers: this.timers.map((t) => ({ name: t.name, at: new Date(t.atMs).toISOString() })),
      finished: this.finished,
    };
  }
}
