/**
 * Patient action links: minted by the send activity for email templates with `{{manageLink}}`, used
 * once from the page at GET/POST /l/:token. The row keeps only what the page shows ("your appointment
 * at <clinic> on <date>") and whom to tell (the waiting workflow); the token only points at the row.
 */
import { randomUUID } from 'node:crypto';
import { type Knex } from 'knex';
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

export interface ActionLinkRow {
  id: string;
  tenant_id: string;
  patient_id: string;
  workflow_id: string;
  clinic_name: string;
  appointment_at: Date | null;
  expires_at: Date;
  used_at: Date | null;
  used_intent: 'confirm' | 'decline' | null;
}

export const actionLinkUrl = (publicBaseUrl: string, token: string) => `${publicBaseUrl.replace(/\/$/, '')}/l/${token}`;

/**
 * The link for this message: the one already minted (a retried send renders the same email) or a
 * new one. Tokens carry no issue time, so the same row always signs to the same URL.
 */
export async function mintActionLink(trx: Knex.Transaction, settings: ActionLinkSettings, input: MintActionLink): Promise<string> {
  const existing = await trx('message_action_links').where({ message_id: input.messageId }).first<{ id: string; expires_at: Date } | undefined>('id', 'expires_at');
  let id = existing?.id;
  let expiresAt = existing?.expires_at ?? input.expiresAt;
  if (!id) {
    id = randomUUID();
    expiresAt = input.expiresAt;
    await trx('message_action_links').insert({
      id,
      tenant_id: input.tenantId,
      message_id: input.messageId,
      patient_id: input.patientId,
      workflow_id: input.workflowId,
      clinic_name: input.clinicName,
      appointment_at: input.appointmentAt,
      expires_at: input.expiresAt,
    });
  }
  const token = await signActionLinkToken(settings.secret, { tenantId: input.tenantId, linkId: id }, expiresAt);
  return actionLinkUrl(settings.publicBaseUrl, token);
}

export async function lockActionLink(trx: Knex.Transaction, linkId: string): Promise<ActionLinkRow | undefined> {
  return (await trx('message_action_links').where({ id: linkId }).forUpdate().first()) as ActionLinkRow | undefined;
}

export async function markActionLinkUsed(trx: Knex.Transaction, linkId: string, intent: 'confirm' | 'decline'): Promise<void> {
  await trx('message_action_links').where({ id: linkId }).whereNull('used_at').update({ used_at: trx.fn.now(), used_intent: intent });
}
