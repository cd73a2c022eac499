/** Handles the global setup hands to the global teardown (same process, so a global works). */
export interface TestServices {
  scratch: string;
  databaseUrl?: string;
  stopTemporal?: () => Promise<void>;
  stopEmbeddedPostgres?: () => Promise<void>;
}

const KEY = Symbol.for('smartclinix.test.services');
type Holder = { [KEY]?: TestServices };

export function setServices(services: TestServices): void {
  (globalThis as Holder)[KEY] = services;
}

export function getServices(): TestServices | undefined {
  return (globalThis as Holder)[KEY];
}
