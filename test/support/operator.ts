import { createTestTenant } from './identity.js';
import { type TestStack } from './stack.js';

const tokens = new WeakMap<TestStack, Promise<string>>();

/**
 * A bearer token for an operator allowed to use the codec endpoint and system checks: the `ops`
 * user of a tenant created once per stack. Platform tests get their credential here, so how
 * operators authenticate changes in one place.
 */
export function operatorToken(stack: TestStack): Promise<string> {
  let token = tokens.get(stack);
  if (!token) {
    token = createTestTenant(stack).then((tenant) => tenant.token('ops'));
    tokens.set(stack, token);
  }
  return token;
}
