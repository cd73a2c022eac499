import { type Client } from '@temporalio/client';
import { type Knex } from 'knex';
import { type Config } from '../config/config.js';
import { type Logger } from '../logging/logger.js';

/** What the API process builds once at start and hands to every route module. */
export interface AppDeps {
  config: Config;
  /** App-role pool: row-level security applies to every query. */
  db: Knex;
  temporal: Client;
  logger: Logger;
}
