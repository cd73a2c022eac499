import { type TestStack } from './stack.js';

/**
 * A bearer token for an operator allowed to use the codec endpoint and system checks.
 * Platform tests get their credential here, so the identity module can change how operators
 * authenticate in one place.
 */
export function operatorToken(stack: TestStack): Promise<string> {
  return Promise.resolve(stack.config.auth.codecBearerToken);
}
