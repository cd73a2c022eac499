import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Failure messages and stack traces are plaintext in history unless encoded; this moves them into
 * an encoded payload that the payload codec then encrypts. Loaded by path, also inside workflows.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
