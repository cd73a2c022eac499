/**
 * Patient action links: minted by the send activity for email templates with `{{manageLink}}`, used
 * once from the page at GET/POST /l/:token. The row keeps only what the page shows ("your appointment
 * at <clinic> on <date>") and whom to tell (the waiting workflow); the token only points at the row.
 */
import { randomUUID } from 'node:crypto';
import { type Knex } from 'knex';
import { fn } from 'objection';
import { MessageActionLink } from './action-link-model.js';
import { signActionLinkToken } from './action-link-token.js';

export interface ActionLinkSettings {
  secret: string;
  publicBaseUrl: string;
}

export interface MintActionLink {
  tenantId: string;
  messageId: string;
  patientId: string;
  workflowId: string;
  clinicName: string;
  appointmentAt: Date | null;
  expiresAt: Date;
}

/** A link as a plain object (camelCase, times as ISO strings). */
export interface ActionLinkRecord {
  id: string;
  tenantId: string;
  messageId: string;
  patientId: string;
  workflowId: string;
  clinicName: string;
  appointmentAt: string | null;
  expiresAt: string;
  usedAt: string | null;
  usedIntent: 'confirm' | 'decline' | null;
  createdAt: string;
}

export const actionLinkUrl = (publicBaseUrl: string, token: string) => `${publicBaseUrl.replace(/\/$/, '')}/l/${token}`;

/**
 * The link for this message: the one already minted (a retried send renders the same email) or a
 * new one. Tokens carry no issue time, so the same row always signs to the same URL.
 */
export async function mintActionLink(trx: Knex.Transaction, settings: ActionLinkSettings, input: MintActionLink): Promise<string> {
  const existing = await MessageActionLink.query(trx).select('id', 'expires_at').where('message_id', input.messageId).first();
  const link = existing ? { id: existing.id, expiresAt: new Date(existing.expiresAt) } : { id: randomUUID(), expiresAt: input.expiresAt };
  if (!existing) await MessageActionLink.query(trx).insert({ ...input, id: link.id });
  const token = await signActionLinkToken(settings.secret, { tenantId: input.tenantId, linkId: link.id }, link.expiresAt);
  return actionLinkUrl(settings.publicBaseUrl, token);
}

export async function lockActionLink(trx: Knex.Transaction, linkId: string): Promise<ActionLinkRecord | undefined> {
  const link = await MessageActionLink.query(trx).findById(linkId).forUpdate();
  return link?.toRecord<ActionLinkRecord>();
}

export async function markActionLinkUsed(trx: Knex.Transaction, linkId: string, intent: 'confirm' | 'decline'): Promise<void> {
  await MessageActionLink.query(trx).findById(linkId).whereNull('used_at').patch({ usedAt: fn.now(), usedIntent: intent });
}
