import { type FunctionBuilder, type Pojo } from 'objection';
import { BaseModel } from '../../db/models/base-model.js';
import { type DeaSchedule, type Route } from '../knowledge-base/index.js';
import { type Finding, type FindingOverride } from '../screening/index.js';
import { type Quantity, type Timing } from './order-model.js';
import { type PrescriptionStatus, type RequestKind } from './prescription-record.js';

export interface RequestedBy {
  type: 'user' | 'service';
  id: string;
  role: string;
}

export interface PrescribedDrug {
  rxcui: string;
  display: string;
  deaSchedule: DeaSchedule | null;
}

/** A decision: read with all three fields; written with the outcome and whichever others change (`decidedAt: fn.now()`). */
export interface PrescriptionDecision {
  outcome: string;
  reason?: string | null;
  decidedAt?: string | FunctionBuilder | null;
}

/** Objects of the record ↔ their columns (camelCase; the column mappers make them snake_case). */
const COMPOSITES = {
  requestedBy: { type: 'requestedByType', id: 'requestedById', role: 'requestedByRole' },
  medication: { rxcui: 'rxcui', display: 'medicationDisplay', deaSchedule: 'deaSchedule' },
  strength: { value: 'strengthValue', unit: 'strengthUnit' },
  dose: { value: 'doseValue', unit: 'doseUnit' },
  quantity: { value: 'quantityValue', unit: 'quantityUnit' },
  timing: { frequency: 'frequency', period: 'period', periodUnit: 'periodUnit' },
  decision: { outcome: 'decision', reason: 'decisionReason', decidedAt: 'decidedAt' },
} as const satisfies Record<string, Record<string, string>>;

type Composite = keyof typeof COMPOSITES;

/** The object of `columns` in `row`, null when its first column (the one that must be set) is null. */
function fold(row: Pojo, columns: Record<string, string>): Pojo | null {
  const [first] = Object.values(columns);
  const folded = row[first!] == null ? null : Object.fromEntries(Object.entries(columns).map(([field, column]) => [field, row[column] ?? null]));
  for (const column of Object.values(columns)) delete row[column];
  return folded;
}

/**
 * `prescriptions`: a request from preparation to the pharmacy. The record groups what the table
 * keeps in flat columns — the requester, the drug, each quantity, the timing and the decision — into
 * objects, and names `kb_version` `knowledgeBaseVersion`. `controlled` and `requestedById` are read
 * only (permission conditions use them); they are derived from the schedule and the requester.
 */
export class Prescription extends BaseModel {
  static override tableName = 'prescriptions';
  static override jsonAttributes = ['routing', 'findings', 'overrides'];

  declare id: string;
  declare tenantId: string;
  declare workflowId: string;
  declare patientId: string;
  declare kind: RequestKind;
  declare origin: 'nurse' | 'resident' | 'physician' | 'pharmacy' | 'patient';
  declare requestedBy: RequestedBy;
  declare requestedById: string;
  declare refillOfPrescriptionId: string | null;
  declare requestingPharmacyId: string | null;
  declare prescriberId: string;
  declare signerUserId: string | null;
  declare medication: PrescribedDrug;
  declare controlled: boolean;
  declare strength: Quantity | null;
  declare dose: Quantity | null;
  declare route: Route | null;
  declare timing: Timing | null;
  declare asNeeded: boolean | null;
  declare sig: string;
  declare quantity: Quantity;
  declare refills: number;
  declare daysSupply: number;
  declare indication: string | null;
  declare substitutionAllowed: boolean;
  declare noteToPharmacist: string | null;
  declare pharmacyId: string | null;
  declare status: PrescriptionStatus;
  declare routing: Record<string, unknown> | null;
  declare findings: Finding[];
  declare knowledgeBaseVersion: string | null;
  declare overrides: FindingOverride[];
  declare decision: PrescriptionDecision | null;
  declare authoredOn: string | null;
  declare sentAt: string | null;
  declare createdAt: string;
  declare updatedAt: string;

  /** Groups the flat columns that were read into the record's objects. */
  override $parseDatabaseJson(json: Pojo): Pojo {
    const parsed = super.$parseDatabaseJson(json);
    const requestedById = parsed[COMPOSITES.requestedBy.id] as string | undefined;
    for (const [field, columns] of Object.entries(COMPOSITES)) {
      if (Object.values(columns)[0]! in parsed) parsed[field] = fold(parsed, columns);
    }
    if (requestedById !== undefined) parsed.requestedById = requestedById;
    if ('medication' in parsed) parsed.controlled = (parsed.medication as PrescribedDrug | null)?.deaSchedule != null;
    if (!('kbVersion' in parsed)) return parsed;
    const { kbVersion, ...rest } = parsed as Record<string, unknown>;
    return { ...rest, knowledgeBaseVersion: kbVersion };
  }

  /** Spreads the record's objects back into their columns; a null object clears them. */
  override $formatDatabaseJson(json: Pojo): Pojo {
    const { controlled: _derived, requestedById: _fromRequestedBy, knowledgeBaseVersion, ...rest } = json as Record<string, unknown>;
    if (knowledgeBaseVersion !== undefined) rest.kbVersion = knowledgeBaseVersion;
    for (const field of Object.keys(COMPOSITES) as Composite[]) {
      const value = rest[field] as Record<string, unknown> | string | null | undefined;
      // A string `decision` is the outcome column itself.
      if (value === undefined || typeof value === 'string') continue;
      delete rest[field];
      for (const [key, column] of Object.entries(COMPOSITES[field])) {
        if (value === null) rest[column] = null;
        else if (value[key] !== undefined) rest[column] = value[key];
      }
    }
    return super.$formatDatabaseJson(rest);
  }
}
