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

/** An active integration a message from a sender resolves to, most specific first. */
export interface SenderMatch extends SenderIdentity {
  /** How many of sending application and receiving facility the integration names (0–2). */
  specificity: number;
}

/**
 * The (at most two) most specific active integrations, of any tenant, that a message with exactly
 * these MSH fields would match. IDs only, through the `lab_sender_lookup` SECURITY DEFINER function.
 * Read on every message: an integration created, changed or deactivated applies to the next one.
 */
export async function senderMatches(db: Knex | Knex.Transaction, key: SenderKey): Promise<SenderMatch[]> {
  if (!key.sendingFacility) return [];
  const result = await db.raw<{ rows: { tenant_id: string; integration_id: string; specificity: number; default_timezone_offset: string | null }[] }>(
    'select tenant_id, integration_id, specificity, default_timezone_offset from lab_sender_lookup(?, ?, ?)',
    [key.sendingFacility, key.sendingApplication ?? null, key.receivingFacility ?? null],
  );
  return result.rows.map((row) => ({
    tenantId: row.tenant_id,
    integrationId: row.integration_id,
    specificity: row.specificity,
    defaultTimezoneOffset: row.default_timezone_offset,
  }));
}

/**
 * Finds the allow-listed integration a message comes from. Over MLLP there is no credential: the
 * sending facility (optionally narrowed by sending application and receiving facility) is what
 * identifies the tenant. Two equally specific matches are refused rather than guessed between.
 * Runs outside any tenant scope.
 */
export async function lookupSender(db: Knex, key: SenderKey): Promise<SenderIdentity | undefined> {
  const [best, runnerUp] = await senderMatches(db, key);
  if (!best || (runnerUp && runnerUp.specificity === best.specificity)) return undefined;
  return { tenantId: best.tenantId, integrationId: best.integrationId, defaultTimezoneOffset: best.defaultTimezoneOffset };
}
