import { type Knex } from 'knex';
import { fn } from 'objection';
import { LabIntegration } from './lab-integration-model.js';

/** A lab integration as a plain object. */
export interface LabIntegrationRecord {
  id: string;
  tenantId: string;
  name: string;
  sendingFacility: string;
  sendingApplication: string | null;
  receivingFacility: string | null;
  apiKeyId: string | null;
  /** PID-3.4 assigning authorities whose identifiers are this tenant's MRNs. */
  patientIdAuthorities: string[];
  /** UTC offset (+hhmm/-hhmm) for HL7 timestamps the sender writes without one. */
  defaultTimezoneOffset: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Reads within the caller's tenant transaction (row-level security applies). */
export async function getIntegration(trx: Knex.Transaction, id: string): Promise<LabIntegrationRecord | undefined> {
  const integration = await LabIntegration.query(trx).findById(id);
  return integration?.toRecord<LabIntegrationRecord>();
}

/** The active integrations a service account (API key) submits for. */
export async function integrationsForApiKey(trx: Knex.Transaction, apiKeyId: string): Promise<LabIntegrationRecord[]> {
  const integrations = await LabIntegration.query(trx).where({ api_key_id: apiKeyId, active: true }).orderBy('created_at');
  return integrations.map((integration) => integration.toRecord<LabIntegrationRecord>());
}

export interface NewIntegration {
  tenantId: string;
  name: string;
  sendingFacility: string;
  sendingApplication?: string;
  receivingFacility?: string;
  apiKeyId?: string;
  patientIdAuthorities?: string[];
  defaultTimezoneOffset?: string;
}

/** Creates (or, for the same sender, updates) an integration; used by administration and the demo seed. */
export async function upsertIntegration(trx: Knex | Knex.Transaction, input: NewIntegration): Promise<LabIntegrationRecord> {
  const fields = {
    tenantId: input.tenantId,
    name: input.name,
    sendingFacility: input.sendingFacility,
    sendingApplication: input.sendingApplication ?? null,
    receivingFacility: input.receivingFacility ?? null,
    apiKeyId: input.apiKeyId ?? null,
    patientIdAuthorities: input.patientIdAuthorities ?? [],
    defaultTimezoneOffset: input.defaultTimezoneOffset ?? null,
  };
  const existing = await LabIntegration.query(trx)
    .where({ tenant_id: input.tenantId, sending_facility: input.sendingFacility })
    .whereRaw("coalesce(sending_application, '') = ?", [input.sendingApplication ?? ''])
    .whereRaw("coalesce(receiving_facility, '') = ?", [input.receivingFacility ?? ''])
    .first();
  const integration = existing
    ? await LabIntegration.query(trx).patch({ ...fields, updatedAt: fn.now() }).findById(existing.id).returning('*')
    : await LabIntegration.query(trx).insert(fields).returning('*');
  return integration!.toRecord<LabIntegrationRecord>();
}
