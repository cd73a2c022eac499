import { type Knex } from 'knex';
import { fn } from 'objection';
import { accessibleWhere } from '../../authz/accessible-where.js';
import { notVisible } from '../../authz/assert-can.js';
import { type AccessScope } from '../../authz/request-scope.js';
import { recordAudit } from '../../audit/record-audit.js';
import { definedFields } from '../../db/models/base-model.js';
import { pgErrorOf } from '../../db/pg-error.js';
import { conflict, validationFailed } from '../../errors/app-error.js';
import { type LabIntegrationRecord } from './integration-repository.js';
import { LabIntegration } from './lab-integration-model.js';
import { senderMatches, type SenderKey } from './sender-lookup.js';

/** What an administrator sets; `null` clears an optional field, an absent field is left as it is. */
export interface IntegrationChanges {
  name?: string;
  sendingFacility?: string;
  sendingApplication?: string | null;
  receivingFacility?: string | null;
  apiKeyId?: string | null;
  patientIdAuthorities?: string[];
  defaultTimezoneOffset?: string | null;
  active?: boolean;
}

export type IntegrationCreate = IntegrationChanges & { name: string; sendingFacility: string };

const SENDER_FIELDS = ['sendingFacility', 'sendingApplication', 'receivingFacility'] as const;

const senderTaken = () =>
  conflict('Messages from this sender (sending facility, and sending application and receiving facility where given) already go to another lab integration.', {
    code: 'sender-taken',
  });

const keyOf = (integration: Pick<LabIntegrationRecord, (typeof SENDER_FIELDS)[number]>): SenderKey => ({
  sendingFacility: integration.sendingFacility,
  sendingApplication: integration.sendingApplication ?? undefined,
  receivingFacility: integration.receivingFacility ?? undefined,
});

/**
 * The sender must not take messages that reach another tenant today: a message with exactly these
 * MSH fields may resolve only to this tenant's integrations. Without this, one tenant's
 * administrator could name a more specific sender (adding MSH-3 or MSH-6) and receive another
 * tenant's results. The other tenant is never named. (Identical senders are also refused by the
 * unique index, active or not.)
 */
async function assertSenderFree(scope: AccessScope, key: SenderKey): Promise<void> {
  const matches = await senderMatches(scope.trx, key);
  if (matches.some((match) => match.tenantId !== scope.actor.tenantId)) throw senderTaken();
}

/** A service account (API key) the integration submits with over HTTP: this tenant's, an integration key, not revoked. */
async function assertIntegrationKey(trx: Knex.Transaction, apiKeyId: string | null | undefined): Promise<void> {
  if (!apiKeyId) return;
  // api_keys belongs to identity: a plain read, in the tenant's scope.
  const key = await trx('api_keys').where({ id: apiKeyId, role: 'integration' }).whereNull('revoked_at').first<{ id: string } | undefined>('id');
  if (!key) throw validationFailed([{ pointer: '/body/apiKeyId', detail: 'must be an active integration API key of this tenant' }]);
}

/** Runs a write, turning the sender's unique-index violation into the same 409 as above. */
async function writing<T>(write: () => PromiseLike<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (pgErrorOf(error)?.code === '23505') throw senderTaken();
    throw error;
  }
}

const normalise = <T extends IntegrationChanges>(input: T): T =>
  input.patientIdAuthorities ? { ...input, patientIdAuthorities: [...new Set(input.patientIdAuthorities)] } : input;

export async function listLabIntegrations(scope: AccessScope, query: { active?: boolean }): Promise<LabIntegrationRecord[]> {
  const integrations = LabIntegration.query(scope.trx).where(accessibleWhere(scope.ability, 'read', 'LabIntegration'));
  if (query.active !== undefined) void integrations.where('active', query.active);
  return (await integrations.orderBy(['name', 'id'])).map((integration) => integration.toRecord<LabIntegrationRecord>());
}

export async function getLabIntegration(scope: AccessScope, id: string): Promise<LabIntegrationRecord> {
  const integration = await LabIntegration.query(scope.trx).where(accessibleWhere(scope.ability, 'read', 'LabIntegration')).findById(id);
  if (!integration) throw notVisible('read', 'LabIntegration', id);
  return integration.toRecord<LabIntegrationRecord>();
}

/** Allow-lists a sending lab; its messages are accepted from the next one on (nothing is cached). */
export async function createLabIntegration(scope: AccessScope, input: IntegrationCreate): Promise<LabIntegrationRecord> {
  const fields = normalise(input);
  await assertIntegrationKey(scope.trx, fields.apiKeyId);
  if (fields.active !== false) {
    await assertSenderFree(scope, keyOf({ sendingFacility: fields.sendingFacility, sendingApplication: fields.sendingApplication ?? null, receivingFacility: fields.receivingFacility ?? null }));
  }
  const created = await writing(() =>
    LabIntegration.query(scope.trx)
      .insert({ ...definedFields(fields), tenantId: scope.actor.tenantId })
      .returning('*'),
  );
  await recordAudit(scope.trx, scope.actor, { action: 'create', entityType: 'LabIntegration', entityId: created.id, details: { fields: Object.keys(definedFields(input)) } });
  return created.toRecord<LabIntegrationRecord>();
}

/** Changes an integration, including `active: false` (its sender is refused from the next message on). */
export async function updateLabIntegration(scope: AccessScope, id: string, input: IntegrationChanges): Promise<LabIntegrationRecord> {
  const existing = await LabIntegration.query(scope.trx).where(accessibleWhere(scope.ability, 'update', 'LabIntegration')).forUpdate().findById(id);
  if (!existing) throw notVisible('update', 'LabIntegration', id);
  const changes = definedFields(normalise(input));
  const next = { ...existing.toRecord<LabIntegrationRecord>(), ...changes };
  if (changes.apiKeyId !== undefined) await assertIntegrationKey(scope.trx, changes.apiKeyId);
  const senderChanged = SENDER_FIELDS.some((field) => next[field] !== existing[field]) || (next.active && !existing.active);
  if (next.active && senderChanged) await assertSenderFree(scope, keyOf(next));
  const [updated] = await writing(() =>
    LabIntegration.query(scope.trx)
      .patch({ ...changes, updatedAt: fn.now() })
      .where('id', id)
      .returning('*'),
  );
  await recordAudit(scope.trx, scope.actor, {
    action: 'update',
    entityType: 'LabIntegration',
    entityId: id,
    details: { fields: Object.keys(changes), ...(changes.active !== undefined ? { active: changes.active } : {}) },
  });
  return updated!.toRecord<LabIntegrationRecord>();
}
