/**
 * Renders the message for the chosen channel at send time: the tenant's clinic name and phone, the
 * subject's variables from its feature's resolver (so a moved appointment shows its new time), and
 * for emails that ask for it, a fresh single-use action link. Only the template's allow-listed
 * variables reach the renderer; the variable names themselves admit no clinical detail.
 */
import { type Knex } from 'knex';
import { type MessageChannel, type SendMessageRequest } from '../../workflows/shared/messaging.js';
import { mintActionLink, type ActionLinkSettings } from '../links/action-links.js';
import { type SubjectResolvers } from '../subject-resolvers.js';
import { isTemplateKey, renderEmail, renderSms, TEMPLATE_VARIABLES, type TemplateKey, type TemplateVariables, type VariableName } from '../templates/index.js';
import { type DeliveryLog } from './deps.js';
import { InvalidMessageRequestError } from './errors.js';
import { type TenantMessaging } from './tenant-messaging-settings.js';

export type RenderedMessage =
  | { channel: 'sms'; to: string; body: string }
  | { channel: 'email'; to: string; subject: string; text: string; html: string };

export interface RenderInput {
  messageId: string;
  request: SendMessageRequest;
  channel: MessageChannel;
  address: string;
  timeZone: string;
  language: string | null;
  tenant: TenantMessaging;
  resolvers: SubjectResolvers;
  links: ActionLinkSettings & { ttlMs: number };
  now: Date;
  log?: DeliveryLog;
}

export function templateKeyOf(template: string): TemplateKey {
  if (!isTemplateKey(template)) throw new InvalidMessageRequestError(`Unknown message template "${template}"`);
  return template;
}

function allowedOf(key: TemplateKey): ReadonlySet<VariableName> {
  const spec: { required: readonly VariableName[]; optional: readonly VariableName[] } = TEMPLATE_VARIABLES[key];
  return new Set([...spec.required, ...spec.optional]);
}

async function variablesFor(trx: Knex.Transaction, key: TemplateKey, input: RenderInput): Promise<Partial<Record<VariableName, string | Date | null>>> {
  const { request } = input;
  const values: Partial<Record<VariableName, string | Date | null>> = { clinicName: input.tenant.clinicName, clinicPhone: input.tenant.clinicPhone ?? null };
  if (request.subject && request.subject.type !== 'none') {
    const resolve = input.resolvers[request.subject.type];
    // Without a resolver the tenant's variables still render templates that need nothing more
    // ("a result is available"); a template that does need the subject fails on its missing variable.
    if (resolve) Object.assign(values, await resolve(trx, request.subject.id));
    else input.log?.warn('no template resolver for the message subject', { subjectType: request.subject.type });
  }
  const allowed = allowedOf(key);
  const picked = Object.fromEntries(Object.entries(values).filter(([name]) => allowed.has(name as VariableName))) as Partial<Record<VariableName, string | Date | null>>;
  const wantsLink = allowed.has('manageLink') && input.channel === 'email' && request.replyTo && request.recipient.type === 'patient';
  if (wantsLink && request.replyTo && request.recipient.type === 'patient') {
    const appointmentAt = picked.appointmentAt instanceof Date ? picked.appointmentAt : null;
    const expiresAt = new Date(Math.min(Date.parse(request.replyTo.expiresAt), input.now.getTime() + input.links.ttlMs));
    picked.manageLink = await mintActionLink(trx, input.links, {
      tenantId: request.tenantId,
      messageId: input.messageId,
      patientId: request.recipient.patientId,
      workflowId: request.replyTo.workflowId,
      clinicName: input.tenant.clinicName,
      appointmentAt,
      expiresAt,
    });
  }
  return picked;
}

export async function renderMessage(trx: Knex.Transaction, input: RenderInput): Promise<RenderedMessage> {
  const key = templateKeyOf(input.request.template);
  const variables = (await variablesFor(trx, key, input)) as TemplateVariables<TemplateKey>;
  const context = { timeZone: input.timeZone, language: input.language, tenantDefaultLanguage: input.tenant.defaultLanguage, overrides: input.tenant.overrides };
  if (input.channel === 'sms') return { channel: 'sms', to: input.address, body: renderSms(key, variables, context).body };
  const email = renderEmail(key, variables, context);
  return { channel: 'email', to: input.address, subject: email.subject, text: email.text, html: email.html };
}
