/**
 * Active (SLA) time of a task: wall time minus the periods it spent on hold. Reminders, escalations
 * and expiry are measured on this clock, so a task on hold does not escalate. Pure and
 * deterministic: callers pass the workflow's clock (`Date.now()` is replay-safe inside workflows).
 */
export class SlaClock {
  private accumulatedMs = 0;
  private runningSince: number | null;

  constructor(startMs: number) {
    this.runningSince = startMs;
  }

  get paused(): boolean {
    return this.runningSince === null;
  }

  activeMs(nowMs: number): number {
    return this.accumulatedMs + (this.runningSince === null ? 0 : Math.max(0, nowMs - this.runningSince));
  }

  pause(nowMs: number): void {
    if (this.runningSince === null) return;
    this.accumulatedMs = this.activeMs(nowMs);
    this.runningSince = null;
  }

  resume(nowMs: number): void {
    if (this.runningSince !== null) return;
    this.runningSince = nowMs;
  }

  /** Wall-clock milliseconds until the active time reaches `targetMs`; Infinity while paused. */
  untilActive(targetMs: number, nowMs: number): number {
    if (this.runningSince === null) return Infinity;
    return Math.max(0, targetMs - this.activeMs(nowMs));
  }
}
