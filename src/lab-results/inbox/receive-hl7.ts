import { type Knex } from 'knex';
import { withTenant } from '../../db/tenant-scope.js';
import { integrationsForApiKey, type LabIntegrationRecord } from '../integrations/integration-repository.js';
import { lookupSender } from '../integrations/sender-lookup.js';
import { type AckCode, buildAck, Hl7ParseError, type Hl7HeaderPeek, parseOruR01, peekHl7Header } from '../interop/index.js';
import { type InboxError, type InboxTransport, type StoredInboxMessage, storeTenantMessage, storeUnattributedMessage } from './inbox-repository.js';

/** Who submitted the message over HTTP: a service account of a known tenant. */
export interface HttpSubmitter {
  tenantId: string;
  apiKeyId: string;
}

export interface Hl7Receipt {
  /** The ER7 ACK to send back. */
  ack: string;
  ackCode: AckCode;
  /** Set when the message was stored for a tenant (and, if accepted, is to be processed). */
  stored?: StoredInboxMessage & { tenantId: string };
}

const NOT_ALLOWED: InboxError = { code: 'UNKNOWN_SENDER', text: 'Sending facility is not authorised', condition: '207' };
const NOT_HL7: InboxError = { code: 'MISSING_MSH', text: 'No readable MSH segment', condition: '100' };
const UNEXPECTED: InboxError = { code: 'UNPROCESSABLE', text: 'Message could not be processed', condition: '207' };

function parseError(error: unknown): { ackCode: AckCode; error: InboxError } {
  if (error instanceof Hl7ParseError) {
    return {
      ackCode: error.ackCode,
      error: { code: error.code, text: error.message, location: error.location, condition: error.conditionCode },
    };
  }
  return { ackCode: 'AE', error: UNEXPECTED };
}

function ackFor(raw: string, code: AckCode, error: InboxError | undefined): string {
  if (!error) return buildAck(raw, { code });
  const location = error.location && 'segment' in error.location ? error.location : undefined;
  return buildAck(raw, { code, errorCode: error.condition, errorText: error.text, errorLocation: location });
}

/** Matches as `lab_sender_lookup` does over MLLP: MSH-4, and MSH-3 / MSH-6 where the integration names them. */
function matchesSender(integration: LabIntegrationRecord, header: Hl7HeaderPeek): boolean {
  return (
    integration.sendingFacility === header.sendingFacility &&
    (integration.sendingApplication === null || integration.sendingApplication === header.sendingApplication) &&
    (integration.receivingFacility === null || integration.receivingFacility === header.receivingFacility)
  );
}

const specificity = (integration: LabIntegrationRecord) => Number(integration.sendingApplication !== null) + Number(integration.receivingFacility !== null);

/** The service account's most specific integration for this sender (its oldest among equals). */
function integrationFor(integrations: LabIntegrationRecord[], header: Hl7HeaderPeek): LabIntegrationRecord | undefined {
  return integrations.filter((integration) => matchesSender(integration, header)).sort((a, b) => specificity(b) - specificity(a))[0];
}

async function storeForTenant(
  db: Knex,
  tenantId: string,
  raw: string,
  header: Hl7HeaderPeek,
  transport: InboxTransport,
  resolveIntegration: (trx: Knex.Transaction) => Promise<Pick<LabIntegrationRecord, 'id' | 'defaultTimezoneOffset'> | undefined>,
): Promise<Hl7Receipt> {
  const stored = await withTenant(db, tenantId, async (trx) => {
    const integration = await resolveIntegration(trx);
    const base = {
      tenantId,
      integrationId: integration?.id ?? null,
      transport,
      format: 'hl7v2' as const,
      sendingApplication: header.sendingApplication,
      sendingFacility: header.sendingFacility,
      messageControlId: header.messageControlId,
      messageType: header.messageType,
      raw,
    };
    if (!integration) return storeTenantMessage(trx, { ...base, status: 'rejected', ackCode: 'AR', error: NOT_ALLOWED });
    try {
      parseOruR01(raw, { defaultTimezoneOffset: integration.defaultTimezoneOffset ?? undefined });
      return await storeTenantMessage(trx, { ...base, status: 'accepted', ackCode: 'AA' });
    } catch (error) {
      const failure = parseError(error);
      return storeTenantMessage(trx, { ...base, status: 'failed', ackCode: failure.ackCode, error: failure.error });
    }
  });
  return { ack: ackFor(raw, stored.ackCode, stored.error), ackCode: stored.ackCode, stored: { ...stored, tenantId } };
}

/**
 * The one way an HL7 v2 message enters: the raw text is stored durably (with its parse outcome)
 * before the ACK is built, so an AA always means "stored". A parse failure is stored too and
 * answered AE/AR with the reason; a retransmission gets the first answer again. Over MLLP the
 * sender identifies the tenant; over HTTP the service account does, and the sender must be one of
 * its integrations.
 */
export async function receiveHl7(db: Knex, raw: string, transport: InboxTransport, submitter?: HttpSubmitter): Promise<Hl7Receipt> {
  const header = peekHl7Header(raw);
  if (!header) {
    if (submitter) {
      const stored = await withTenant(db, submitter.tenantId, (trx) =>
        storeTenantMessage(trx, { tenantId: submitter.tenantId, integrationId: null, transport, format: 'hl7v2', raw, status: 'failed', ackCode: 'AR', error: NOT_HL7 }),
      );
      return { ack: buildAck(raw, { code: 'AR' }), ackCode: 'AR', stored: { ...stored, tenantId: submitter.tenantId } };
    }
    await storeUnattributedMessage(db, { transport, format: 'hl7v2', raw, status: 'rejected', ackCode: 'AR', error: NOT_HL7 });
    return { ack: buildAck(raw, { code: 'AR' }), ackCode: 'AR' };
  }
  if (submitter) {
    return storeForTenant(db, submitter.tenantId, raw, header, transport, async (trx) =>
      integrationFor(await integrationsForApiKey(trx, submitter.apiKeyId), header),
    );
  }
  const sender = await lookupSender(db, header);
  if (!sender) {
    await storeUnattributedMessage(db, {
      transport,
      format: 'hl7v2',
      sendingApplication: header.sendingApplication,
      sendingFacility: header.sendingFacility,
      messageControlId: header.messageControlId,
      messageType: header.messageType,
      raw,
      status: 'rejected',
      ackCode: 'AR',
      error: NOT_ALLOWED,
    });
    return { ack: ackFor(raw, 'AR', NOT_ALLOWED), ackCode: 'AR' };
  }
  // The lookup already returned what parsing needs: no second read inside the ACK path.
  return storeForTenant(db, sender.tenantId, raw, header, transport, () =>
    Promise.resolve({ id: sender.integrationId, defaultTimezoneOffset: sender.defaultTimezoneOffset }),
  );
}
