/**
 * What a patient's action link does. Opening it (GET, which mail scanners also do) only shows the
 * page; submitting a choice (POST) uses it up and tells the waiting workflow, in one transaction: a
 * link is used once, and only if the workflow was told (or no longer waits).
 */
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { type Knex } from 'knex';
import { withTenant } from '../../db/tenant-scope.js';
import { Patient } from '../../registry/patients/patient-model.js';
import { patientReplySignal } from '../../workflows/shared/messaging.js';
import { pickLanguage } from '../templates/index.js';
import { type LinkPage } from './action-link-page.js';
import { verifyActionLinkToken } from './action-link-token.js';
import { type ActionLinkRecord, lockActionLink, markActionLinkUsed } from './action-links.js';

export interface ActionLinkDeps {
  db: Knex;
  temporal: Client;
  secret: string;
  clock?: () => Date;
}

export type LinkIntent = 'confirm' | 'decline';

type ActiveLink = (trx: Knex.Transaction, page: LinkPage, link: ActionLinkRecord) => Promise<LinkPage>;

/** The page for `token`; `whenActive` decides it for a link that may still be used. */
async function resolveLink(deps: ActionLinkDeps, token: string, whenActive: ActiveLink): Promise<LinkPage> {
  const verified = await verifyActionLinkToken(deps.secret, token);
  if (verified.state !== 'valid') return { state: verified.state, locale: 'en-US' };
  const { tenantId, linkId } = verified.claims;
  return withTenant(deps.db, tenantId, async (trx) => {
    const link = await lockActionLink(trx, linkId);
    if (!link) return { state: 'invalid', locale: 'en-US' };
    const patient = await Patient.query(trx).select('language', 'timezone').findById(link.patientId);
    const tenant = await trx('tenants').where({ id: tenantId }).first<{ timezone: string; locale: string }>('timezone', 'locale');
    const page: LinkPage = {
      state: 'active',
      locale: pickLanguage(patient?.language, tenant.locale).locale,
      clinicName: link.clinicName,
      appointmentAt: link.appointmentAt,
      timeZone: patient?.timezone ?? tenant.timezone,
    };
    if (link.usedAt) return { ...page, state: 'used' };
    if (Date.parse(link.expiresAt) <= (deps.clock?.() ?? new Date()).getTime()) return { ...page, state: 'expired' };
    return whenActive(trx, page, link);
  });
}

export function openActionLink(deps: ActionLinkDeps, token: string): Promise<LinkPage> {
  return resolveLink(deps, token, (_trx, page) => Promise.resolve(page));
}

export function submitActionLink(deps: ActionLinkDeps, token: string, intent: LinkIntent): Promise<LinkPage> {
  return resolveLink(deps, token, async (trx, page, link) => {
    let state: LinkPage['state'] = 'done';
    try {
      await deps.temporal.workflow.getHandle(link.workflowId).signal(patientReplySignal, { replyId: link.id, intent, via: 'email-link' });
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      state = 'closed'; // the conversation is over (appointment passed, cancelled): nothing to tell
    }
    await markActionLinkUsed(trx, link.id, intent);
    return { ...page, state, usedIntent: intent };
  });
}
