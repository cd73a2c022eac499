import { SlaClock } from './sla-clock.js';

describe('SlaClock', () => {
  it('When the task is never on hold, then active time is wall time since creation', () => {
    const clock = new SlaClock(1000);
    expect(clock.activeMs(4000)).toBe(3000);
    expect(clock.untilActive(5000, 4000)).toBe(2000);
  });

  it('When the task is on hold, then active time stops and the wait becomes infinite until it resumes', () => {
    const clock = new SlaClock(0);
    clock.pause(2000);
    expect(clock.paused).toBe(true);
    expect(clock.activeMs(9000)).toBe(2000);
    expect(clock.untilActive(5000, 9000)).toBe(Infinity);
    clock.resume(10_000);
    expect(clock.activeMs(11_000)).toBe(3000);
    expect(clock.untilActive(5000, 11_000)).toBe(2000);
  });

  it('When pause or resume is repeated, then the second call changes nothing', () => {
    const clock = new SlaClock(0);
    clock.pause(1000);
    clock.pause(5000);
    clock.resume(6000);
    clock.resume(8000);
    expect(clock.activeMs(9000)).toBe(4000);
  });

  it('When the target has passed, then the wait is zero, never negative', () => {
    expect(new SlaClock(0).untilActive(100, 500)).toBe(0);
  });
});
