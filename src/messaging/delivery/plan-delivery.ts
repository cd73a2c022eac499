/**
 * Decides, at send time and from what PostgreSQL holds now, whether this message is suppressed,
 * deferred or sent (and on which channel), and renders it when it goes. Runs in the tenant's scope.
 */
import { type Knex } from 'knex';
import { withTenant } from '../../db/tenant-scope.js';
import { type MessagePurpose, type SendMessageRequest } from '../../workflows/shared/messaging.js';
import { countedSmsInstants, type DeliveryRow } from '../ledger/ledger-repository.js';
import { decideDelivery, smsHold, type Decision } from './decide-delivery.js';
import { type DeliveryDeps } from './deps.js';
import { loadRecipient, type Recipient } from './recipient.js';
import { renderMessage, type RenderedMessage } from './render-message.js';
import { CAPPED_PURPOSES } from './request.js';
import { type TenantMessaging, tenantMessagingOf, type TenantRowForMessaging } from './tenant-messaging-settings.js';

/** What the SMS timing check needs again just before the provider call. */
export interface TimingContext {
  recipient: Recipient;
  purpose: MessagePurpose;
  timeZone: string;
  tenant: TenantMessaging;
}

export type Plan =
  | Extract<Decision, { action: 'suppress' }>
  | Extract<Decision, { action: 'defer' }>
  | { action: 'send'; rendered: RenderedMessage; fallbackEmail: string | undefined; timing: TimingContext };

const WEEK_MS = 8 * 24 * 3600_000; // a rolling week of local days, plus slack for time zones

export async function loadTenantMessaging(trx: Knex.Transaction, tenantId: string): Promise<TenantMessaging> {
  const tenant = await trx('tenants').where({ id: tenantId }).first<TenantRowForMessaging | undefined>('name', 'timezone', 'locale', 'settings');
  if (!tenant) throw new Error('Tenant not found');
  return tenantMessagingOf(tenant);
}

/** The instants the frequency cap counts for this message's patient (none for staff). */
export function cappedSmsInstants(trx: Knex.Transaction, request: SendMessageRequest, row: DeliveryRow, now: Date): Promise<Date[]> {
  if (request.recipient.type !== 'patient') return Promise.resolve([]);
  return countedSmsInstants(trx, { patientId: request.recipient.patientId, since: new Date(now.getTime() - WEEK_MS), now, excludeId: row.id, purposes: CAPPED_PURPOSES });
}

/** Quiet hours and cap once more, inside the SMS's pacing slot: time has passed since planning. */
export function recheckSmsHold(timing: TimingContext, now: Date, smsSentAt: readonly Date[]) {
  return smsHold({ purpose: timing.purpose, recipient: timing.recipient, now, timeZone: timing.timeZone, window: timing.tenant.sendWindow, caps: timing.tenant.caps, smsSentAt });
}

export async function planDelivery(deps: DeliveryDeps, request: SendMessageRequest, row: DeliveryRow): Promise<Plan> {
  const now = deps.clock();
  return withTenant(deps.db, request.tenantId, async (trx) => {
    const tenant = await loadTenantMessaging(trx, request.tenantId);
    const recipient = await loadRecipient(trx, request.recipient);
    const timeZone = recipient.timeZone ?? tenant.timeZone;
    const decision = decideDelivery({
      channel: request.channel,
      purpose: request.purpose,
      recipient,
      now,
      timeZone,
      window: tenant.sendWindow,
      caps: tenant.caps,
      smsSentAt: await cappedSmsInstants(trx, request, row, now),
    });
    if (decision.action !== 'send') return decision;
    const rendered = await renderMessage(trx, {
      messageId: row.id,
      request,
      channel: decision.channel,
      address: decision.address,
      timeZone,
      language: recipient.language,
      tenant,
      resolvers: deps.subjectResolvers,
      links: { secret: deps.messaging.actionLinkSecret, publicBaseUrl: deps.messaging.publicBaseUrl, ttlMs: deps.messaging.actionLinkTtlMs },
      now,
      ...(deps.log ? { log: deps.log } : {}),
    });
    return { action: 'send', rendered, fallbackEmail: decision.fallbackEmail, timing: { recipient, purpose: request.purpose, timeZone, tenant } };
  });
}
