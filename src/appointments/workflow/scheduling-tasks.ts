import { uuid4 } from '@temporalio/workflow';
import { type HumanTask, startHumanTask } from '../../workflows/lib/human-task.js';
import { type AppointmentWorkflowInput } from '../../workflows/shared/appointment.js';
import { SCHEDULING_TASK_OUTCOMES, type SchedulingTaskKind } from '../scheduling-task-text.js';
import { store } from './activities.js';

const DUE_IN_MS = 86_400_000;

interface OpenTask {
  kind: SchedulingTaskKind;
  task: HumanTask;
  /** The appointment version when the task was opened: a later change answers a reschedule request. */
  version: number;
}

/**
 * The tasks the appointment workflow leaves in the schedulers' inbox (task inbox primitive: pool,
 * due time, Workflow Updates to decide them): a reschedule request after a patient's "R", and the
 * rebooking call after a no-show. At most one of each kind is open at a time.
 */
export class SchedulingTasks {
  private readonly open = new Map<string, OpenTask>();

  constructor(
    private readonly input: AppointmentWorkflowInput,
    private readonly onSettled: () => void,
  ) {}

  get pending(): boolean {
    return this.open.size > 0;
  }

  has(kind: SchedulingTaskKind): boolean {
    return [...this.open.values()].some((t) => t.kind === kind);
  }

  async request(kind: SchedulingTaskKind, step: string, context: { patientId: string; version: number; expireAfterMs?: number }): Promise<void> {
    if (this.has(kind)) return;
    const taskId = uuid4();
    const { poolId } = await store.prepareSchedulingTask({ ...this.input, taskId, kind });
    const task = await startHumanTask({
      step,
      tenantId: this.input.tenantId,
      taskId,
      type: kind,
      category: 'scheduling',
      priority: 'routine',
      subject: { type: 'appointment', id: this.input.appointmentId },
      patientId: context.patientId,
      assignee: { poolId },
      dueIn: DUE_IN_MS,
      ...(context.expireAfterMs !== undefined ? { expireAfter: Math.max(1000, context.expireAfterMs) } : {}),
      options: [...SCHEDULING_TASK_OUTCOMES],
    });
    this.open.set(taskId, { kind, task, version: context.version });
    // A workflow cancelled from outside rejects `result`; nothing waits for it then.
    void task.result.then(
      () => {
        this.open.delete(taskId);
        this.onSettled();
      },
      () => undefined,
    );
  }

  /** Closes reschedule requests the appointment has moved past (moved, cancelled, confirmed, attended). */
  async closeAnswered(version: number, reason: string): Promise<void> {
    for (const [taskId, open] of [...this.open]) {
      if (open.kind !== 'reschedule-request' || open.version >= version) continue;
      this.open.delete(taskId);
      await open.task.cancel(reason);
    }
  }

  async closeAll(reason: string): Promise<void> {
    for (const [taskId, open] of [...this.open]) {
      this.open.delete(taskId);
      await open.task.cancel(reason);
    }
  }
}
