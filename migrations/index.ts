import { type Knex } from 'knex';
import * as platformBaseline from './20261126000100_platform_baseline.js';
import * as identity from './20261126000200_identity.js';
import * as authHardening from './20261126000300_auth_hardening.js';
import * as idempotencyKeys from './20261126000350_idempotency_keys.js';
import * as tasks from './20261126000400_tasks.js';
import * as messaging from './20261126000500_messaging.js';
import * as appointments from './20261126000600_appointments.js';
import * as labResults from './20261126000700_lab_results.js';
import * as referrals from './20261126000800_referrals.js';
import * as prescriptions from './20261126000900_prescriptions.js';
import * as operationalMetrics from './20261126001000_operational_metrics.js';
import * as tenantLookupTables from './20261126001100_tenant_lookup_tables.js';
import * as hl7RawRetention from './20261126001200_hl7_raw_retention.js';
import * as pharmacySmartAuth from './20261127000100_pharmacy_smart_auth.js';
import * as hl7InboxProcessingRetry from './20261127000200_hl7_inbox_processing_retry.js';

/**
 * Every migration, in order. Kept in name order; names are timestamped and never change.
 */
const migrations: Record<string, Knex.Migration> = {
  '20261126000100_platform_baseline': platformBaseline,
  '20261126000200_identity': identity,
  '20261126000300_auth_hardening': authHardening,
  '20261126000350_idempotency_keys': idempotencyKeys,
  '20261126000400_tasks': tasks,
  '20261126000500_messaging': messaging,
  '20261126000600_appointments': appointments,
  '20261126000700_lab_results': labResults,
  '20261126000800_referrals': referrals,
  '20261126000900_prescriptions': prescriptions,
  '20261126001000_operational_metrics': operationalMetrics,
  '20261126001100_tenant_lookup_tables': tenantLookupTables,
  '20261126001200_hl7_raw_retention': hl7RawRetention,
  '20261127000100_pharmacy_smart_auth': pharmacySmartAuth,
  '20261127000200_hl7_inbox_processing_retry': hl7InboxProcessingRetry,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: () => Promise.resolve(Object.keys(migrations)),
  getMigrationName: (name) => name,
  getMigration: (name) => {
    const migration = migrations[name];
    if (!migration) throw new Error(`Unknown migration ${name}`);
    return Promise.resolve(migration);
  },
};
