import { type Knex } from 'knex';

/**
 * How SmartClinix authenticates to a pharmacy's FHIR endpoint: SMART Backend Services (OAuth 2.0
 * client credentials with a JWT client assertion signed by PHARMACY_CLIENT_KEY). The pharmacy's
 * token endpoint and the client ID it registered us under are set together or not at all; the scope
 * is optional (default `system/MedicationRequest.c`).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table pharmacies
      add column fhir_token_url text,
      add column fhir_client_id text check (length(fhir_client_id) between 1 and 200),
      add column fhir_scope text check (length(fhir_scope) between 1 and 200),
      add constraint pharmacies_fhir_auth check (num_nonnulls(fhir_token_url, fhir_client_id) in (0, 2)),
      add constraint pharmacies_fhir_scope_needs_auth check (fhir_scope is null or fhir_token_url is not null)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table pharmacies
      drop constraint pharmacies_fhir_scope_needs_auth,
      drop constraint pharmacies_fhir_auth,
      drop column fhir_scope,
      drop column fhir_client_id,
      drop column fhir_token_url`);
}
