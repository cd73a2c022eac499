import { type Knex } from 'knex';
import { createSystemCheckActivities } from './system-check.js';

/** Everything activities may depend on; built once per worker process and injected. */
export interface ActivityDeps {
  db: Knex;
}

/** All activities, built from their factories. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createSystemCheckActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
