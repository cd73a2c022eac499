import { defaultEscalationSteps } from './lab-settings.js';

describe('defaultEscalationSteps', () => {
  it('When the deadline is 30 minutes, then each level waits 7.5 minutes and the department lead is alerted within the deadline', () => {
    const steps = defaultEscalationSteps(1800);
    expect(steps).toEqual([450, 450, 450]);
    expect(steps.reduce((a, b) => a + b, 0)).toBeLessThan(1800);
  });

  it('When the deadline is only a few seconds (tests), then no step is shorter than a second', () => {
    expect(defaultEscalationSteps(2)).toEqual([1, 1, 1]);
  });
});
