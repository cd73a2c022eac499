import { type Knex } from 'knex';

/** What an MLLP sender resolves to: the tenant and the integration, IDs only. */
export interface SenderIdentity {
  tenantId: string;
  integrationId: string;
  /** The integration's offset for timestamps sent without one (parsing needs it). */
  defaultTimezoneOffset: string | null;
}

export interface SenderKey {
  sendingFacility?: string;
  sendingApplication?: string;
  receivingFacility?: string;
}

/**
 * Finds the allow-listed integration a message comes from. Over MLLP there is no credential: the
 * sending facility (optionally narrowed by sending application and receiving facility) is what
 * identifies the tenant. Two equally specific matches are refused rather than guessed between.
 * Runs outside any tenant scope through `lab_sender_lookup`, which returns IDs only.
 */
export async function lookupSender(db: Knex, key: SenderKey): Promise<SenderIdentity | undefined> {
  if (!key.sendingFacility) return undefined;
  const result = await db.raw<{ rows: { tenant_id: string; integration_id: string; specificity: number; default_timezone_offset: string | null }[] }>(
    'select tenant_id, integration_id, specificity, default_timezone_offset from lab_sender_lookup(?, ?, ?)',
    [key.sendingFacility, key.sendingApplication ?? null, key.receivingFacility ?? null],
  );
  const [best, runnerUp] = result.rows;
  if (!best || (runnerUp && runnerUp.specificity === best.specificity)) return undefined;
  return { tenantId: best.tenant_id, integrationId: best.integration_id, defaultTimezoneOffset: best.default_timezone_offset };
}
