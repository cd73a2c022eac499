import { type Knex } from 'knex';
import { withTenant } from '../../db/tenant-scope.js';
import { LabCriticalRange } from '../settings/lab-settings-model.js';
import { upsertIntegration } from './integration-repository.js';

/**
 * The demo lab: the first demo tenant's lab system (the fixtures' NORTHWIND_LAB / NW_LIS) is
 * allow-listed, linked to the demo lab service account the identity seed creates, and given a few
 * critical ranges. Idempotent; development only.
 */
export const DEMO_LAB = {
  name: 'Northwind Lab (demo)',
  sendingFacility: 'NORTHWIND_LAB',
  sendingApplication: 'NW_LIS',
  /** PID-3.4 of the demo tenant's MRNs (as in test/fixtures/hl7) and the FHIR fixtures' Identifier.system. */
  patientIdAuthorities: ['RIVERSIDE_CLINIC', 'urn:oid:2.16.840.1.113883.3.999.2'],
  defaultTimezoneOffset: '-0500',
} as const;

/** A few organisation critical values (mmol/L and mg/dL), applied even when the lab flags only H/L. */
const DEMO_CRITICAL_RANGES = [
  { loincCode: '2823-3', low: 3.5, high: 5.1, criticalLow: 2.5, criticalHigh: 6.2, units: 'mmol/L' },
  { loincCode: '2951-2', low: 136, high: 145, criticalLow: 120, criticalHigh: 160, units: 'mmol/L' },
  { loincCode: '2345-7', low: 70, high: 99, criticalLow: 40, criticalHigh: 450, units: 'mg/dL' },
];

export interface DemoLabIntegration {
  tenantSlug: string;
  integrationId: string;
  sendingFacility: string;
  sendingApplication: string;
}

/** Sets up the demo lab for `tenantSlug` when the tenant and its demo lab API key exist. */
export async function ensureDemoLabIntegration(ownerDb: Knex, tenantSlug: string, apiKeyName = 'Demo lab integration'): Promise<DemoLabIntegration | undefined> {
  const tenant = await ownerDb('tenants').where({ slug: tenantSlug }).first<{ id: string } | undefined>('id');
  if (!tenant) return undefined;
  return withTenant(ownerDb, tenant.id, async (trx) => {
    const key = await trx('api_keys').where({ name: apiKeyName, role: 'integration' }).whereNull('revoked_at').first<{ id: string } | undefined>('id');
    if (!key) return undefined;
    const integration = await upsertIntegration(trx, { tenantId: tenant.id, apiKeyId: key.id, ...DEMO_LAB, patientIdAuthorities: [...DEMO_LAB.patientIdAuthorities] });
    await LabCriticalRange.query(trx)
      .insert(DEMO_CRITICAL_RANGES.map((range) => ({ ...range, tenantId: tenant.id })))
      .onConflict(['tenant_id', 'loinc_code'])
      .ignore();
    return { tenantSlug, integrationId: integration.id, sendingFacility: DEMO_LAB.sendingFacility, sendingApplication: DEMO_LAB.sendingApplication };
  });
}

/** The lines the dev command prints about the demo lab. */
export function describeDemoLabIntegration(demo: DemoLabIntegration, mllp: { host: string; port: number }): string[] {
  return [
    `Demo lab integration (tenant ${demo.tenantSlug}):`,
    `  MLLP           ${mllp.host}:${mllp.port}  (MSH-3 ${demo.sendingApplication}, MSH-4 ${demo.sendingFacility})`,
    '  HTTP           POST /api/v1/lab-results/hl7 (x-application/hl7-v2+er7) or /fhir (application/fhir+json) with the lab X-API-Key above',
    '  Try            test/fixtures/hl7/oru-r01-critical-potassium.hl7',
  ];
}
