import { type TaskRejectionKind, type TaskRejectionReason } from '../../workflows/shared/tasks.js';

/**
 * A task write the data layer refuses (unknown target, a row that moved on). Carries a code, never
 * PHI; activities turn it into a typed non-retryable failure, the API into a problem response.
 */
export class TaskStoreError extends Error {
  constructor(
    readonly kind: TaskRejectionKind,
    readonly reason: TaskRejectionReason,
  ) {
    super(reason);
    this.name = 'TaskStoreError';
  }
}
