import { sanitizeSdkMeta } from './temporal-logger.js';

describe('sanitizeSdkMeta', () => {
  it('When the SDK attaches an error, then only its type is logged, never its message', () => {
    const meta = sanitizeSdkMeta({ workflowId: 'appointment-1', error: new TypeError('patient Jane Doe'), taskToken: 'abc' });
    expect(meta).toEqual({ workflowId: 'appointment-1', error: { errorType: 'TypeError' } });
    expect(JSON.stringify(meta)).not.toContain('Jane');
  });
});
