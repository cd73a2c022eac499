import { retryDelaySeconds } from './processing-failure.js';

describe('retryDelaySeconds', () => {
  it('When processing keeps failing, then the sweeper waits longer each time, up to six hours', () => {
    expect([1, 2, 3, 4, 5, 6, 20].map(retryDelaySeconds)).toEqual([30, 120, 480, 1920, 7680, 21_600, 21_600]);
  });
});
