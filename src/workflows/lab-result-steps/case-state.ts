import type { LabTimings } from '../../activities/lab-results/index.js';
import { type HumanTask } from '../lib/human-task.js';
import { TaskLock } from '../lib/task-lock.js';
import { type LabResultWorkflowInput, type LabResultWorkflowState, type ReleaseState } from '../shared/lab-result.js';

/** Everything one run of a lab-result workflow keeps in memory; rebuilt from PostgreSQL on (re)start. */
export interface LabCase {
  input: LabResultWorkflowInput;
  /** False until the run has read the report's state (an update may arrive before that). */
  loaded: boolean;
  timings?: LabTimings;
  matchStatus: 'pending' | 'matched' | 'unmatched' | 'ambiguous';
  patientId: string | null;
  orderingPractitionerId: string | null;
  status: 'preliminary' | 'final' | 'corrected' | 'cancelled' | null;
  released: boolean;
  holdUntil: string | null;
  /** Bumped on every hold change, so the hold timer knows to start over. */
  holdVersion: number;
  holdTimerRunning: boolean;
  ackedCriticalKey: string | null;
  pending: string[];
  seen: Set<string>;
  phase: LabResultWorkflowState['phase'];
  reviewTask?: HumanTask;
  critical?: { notificationId: string; acknowledged: boolean; level: number };
  /** Background steps still running (tasks awaiting decisions, hold timer). */
  active: number;
  failure?: unknown;
  /** Serialises release and hold changes between update handlers and timers. */
  lock: TaskLock;
}

export function newLabCase(input: LabResultWorkflowInput): LabCase {
  return {
    input,
    loaded: false,
    matchStatus: 'pending',
    patientId: null,
    orderingPractitionerId: null,
    status: null,
    released: false,
    holdUntil: null,
    holdVersion: 0,
    holdTimerRunning: false,
    ackedCriticalKey: null,
    pending: [],
    seen: new Set(),
    phase: 'processing',
    active: 0,
    lock: new TaskLock(),
  };
}

export function enqueueRevision(c: LabCase, revisionId: string): void {
  if (c.seen.has(revisionId)) return;
  c.seen.add(revisionId);
  c.pending.push(revisionId);
}

/** Runs a step in the background; its failure fails the workflow from the main loop. */
export function spawn(c: LabCase, work: () => Promise<void>): void {
  c.active += 1;
  void work()
    .catch((err: unknown) => {
      c.failure ??= err;
    })
    .finally(() => {
      c.active -= 1;
    });
}

export const releaseStateOf = (c: LabCase): ReleaseState => (c.holdUntil ? 'on-hold' : c.released ? 'released' : 'withheld');
export const isReleasable = (c: LabCase) => c.matchStatus === 'matched' && (c.status === 'final' || c.status === 'corrected');

export function workflowStateOf(c: LabCase): LabResultWorkflowState {
  return {
    reportId: c.input.reportId,
    phase: c.critical && !c.critical.acknowledged ? 'awaiting-acknowledgement' : c.phase,
    pendingRevisions: c.pending.length,
    escalationLevel: c.critical?.level ?? 0,
    release: releaseStateOf(c),
    holdUntil: c.holdUntil,
  };
}
