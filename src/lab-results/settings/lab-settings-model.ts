import { type Pojo } from 'objection';
import { BaseModel } from '../../db/models/base-model.js';

/** `lab_settings`: a tenant's overrides of the lab-result policy (one row per tenant; null = default). */
export class LabSettings extends BaseModel {
  static override tableName = 'lab_settings';
  static override idColumn = 'tenant_id';
  /** `escalation_step_seconds` is an integer[] column, not JSON. */
  static override jsonAttributes = ['reviewDueSeconds'];

  declare tenantId: string;
  declare criticalAckDeadlineSeconds: number | null;
  declare escalationStepSeconds: number[] | null;
  declare reviewDueSeconds: Partial<Record<'normal' | 'abnormal' | 'critical', number>>;
  declare reconciliationDueSeconds: number | null;
  /** How long raw messages are kept once finished with (inbox/raw-retention.ts). */
  declare rawMessageRetentionDays: number | null;
  declare updatedAt: string;
}

const LIMITS = ['low', 'high', 'criticalLow', 'criticalHigh'] as const;

/** `lab_critical_ranges`: a tenant's normal and critical limits for one LOINC code. */
export class LabCriticalRange extends BaseModel {
  static override tableName = 'lab_critical_ranges';
  static override idColumn = ['tenant_id', 'loinc_code'];

  declare tenantId: string;
  declare loincCode: string;
  declare low: number | null;
  declare high: number | null;
  declare criticalLow: number | null;
  declare criticalHigh: number | null;
  declare units: string | null;

  /** The limits are `numeric`, which node-postgres reads as strings: numbers here. */
  override $parseDatabaseJson(json: Pojo): Pojo {
    const parsed = super.$parseDatabaseJson(json);
    for (const limit of LIMITS) {
      if (typeof parsed[limit] === 'string') parsed[limit] = Number(parsed[limit]);
    }
    return parsed;
  }
}
