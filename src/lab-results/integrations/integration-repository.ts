import { type Knex } from 'knex';

export interface LabIntegration {
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
}

interface Row {
  id: string;
  tenant_id: string;
  name: string;
  sending_facility: string;
  sending_application: string | null;
  receiving_facility: string | null;
  api_key_id: string | null;
  patient_id_authorities: string[];
  default_timezone_offset: string | null;
  active: boolean;
}

const toIntegration = (row: Row): LabIntegration => ({
  id: row.id,
  tenantId: row.tenant_id,
  name: row.name,
  sendingFacility: row.sending_facility,
  sendingApplication: row.sending_application,
  receivingFacility: row.receiving_facility,
  apiKeyId: row.api_key_id,
  patientIdAuthorities: row.patient_id_authorities,
  defaultTimezoneOffset: row.default_timezone_offset,
  active: row.active,
});

/** Reads within the caller's tenant transaction (row-level security applies). */
export async function getIntegration(trx: Knex.Transaction, id: string): Promise<LabIntegration | undefined> {
  const row = await trx<Row>('lab_integrations').where({ id }).first();
  return row && toIntegration(row);
}

/** The active integrations a service account (API key) submits for. */
export async function integrationsForApiKey(trx: Knex.Transaction, apiKeyId: string): Promise<LabIntegration[]> {
  const rows = await trx<Row>('lab_integrations').where({ api_key_id: apiKeyId, active: true }).orderBy('created_at');
  return rows.map(toIntegration);
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
export async function upsertIntegration(trx: Knex | Knex.Transaction, input: NewIntegration): Promise<LabIntegration> {
  const values = {
    tenant_id: input.tenantId,
    name: input.name,
    sending_facility: input.sendingFacility,
    sending_application: input.sendingApplication ?? null,
    receiving_facility: input.receivingFacility ?? null,
    api_key_id: input.apiKeyId ?? null,
    patient_id_authorities: input.patientIdAuthorities ?? [],
    default_timezone_offset: input.defaultTimezoneOffset ?? null,
  };
  const existing = await trx<Row>('lab_integrations')
    .where({ tenant_id: input.tenantId, sending_facility: input.sendingFacility })
    .andWhereRaw("coalesce(sending_application, '') = ?", [input.sendingApplication ?? ''])
    .andWhereRaw("coalesce(receiving_facility, '') = ?", [input.receivingFacility ?? ''])
    .first();
  const rows = (existing
    ? await trx('lab_integrations').where({ id: existing.id }).update({ ...values, updated_at: trx.fn.now() }).returning('*')
    : await trx('lab_integrations').insert(values).returning('*')) as Row[];
  return toIntegration(rows[0]!);
}
