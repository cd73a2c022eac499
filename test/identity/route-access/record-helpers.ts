import { type TestTenant } from '../../support/identity.js';
import { type TestStack } from '../../support/stack.js';
import { type Caller, type RequestContext } from './expectations.js';

const workers = new WeakMap<TestStack, Promise<void>>();

/**
 * The test stack's worker, started once however many requests ask for it at the same time: routes
 * whose records only a workflow creates (tasks, lab results, prescriptions) need it running.
 */
export function ensureWorker(stack: TestStack): Promise<void> {
  let starting = workers.get(stack);
  if (!starting) {
    starting = stack.startWorker();
    workers.set(stack, starting);
  }
  return starting;
}

/**
 * One record per tenant, shared by the callers who cannot change it and replaced once handed to a
 * caller who will (`changers`): records that take a workflow run are made a few times, not once per
 * caller, and a denied call leaves its record as it was.
 */
export function reusable(make: (stack: TestStack, owner: TestTenant) => Promise<string>, changers: Caller[]) {
  const current = new Map<string, Promise<string>>();
  return ({ stack, owner, caller }: RequestContext): Promise<string> => {
    let record = current.get(owner.id);
    if (!record) {
      record = make(stack, owner);
      current.set(owner.id, record);
    }
    if (changers.includes(caller)) current.delete(owner.id);
    return record;
  };
}

/** Once per tenant (a directory entry, an integration…), whoever asks first. */
export function perTenant<T>(make: (stack: TestStack, owner: TestTenant) => Promise<T>) {
  const made = new Map<string, Promise<T>>();
  return (stack: TestStack, owner: TestTenant): Promise<T> => {
    let value = made.get(owner.id);
    if (!value) {
      value = make(stack, owner);
      made.set(owner.id, value);
    }
    return value;
  };
}
