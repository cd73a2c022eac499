import { randomInt } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createMessagingActivities, type MessagingActivityDeps } from '../../../src/activities/messaging.js';
import { seedSenderNumber } from '../../../src/messaging/inbound/sender-numbers.js';
import { createMessagingDeps } from '../../../src/messaging/runtime/messaging-deps.js';
import { type SendMessageOutcome, type SendMessageRequest } from '../../../src/workflows/shared/messaging.js';
import { createTestTenant, type TestTenant } from '../../support/identity.js';
import { type TestStack } from '../../support/stack.js';

export { daytimeZone } from '../../support/daytime.js';

/** A US number from the fictional 555 exchange, unique enough per test. */
let mobileSeq = randomInt(0, 9_000_000);
/**
 * A mobile number no other call in this test process returns: the Twilio fake's messages are matched
 * to recipients by number, so two patients (or a patient and a clinician) must never share one.
 */
export const uniqueMobile = () => `+1312${1_000_000 + (mobileSeq++ % 9_000_000)}`;

export interface PatientSpec {
  sms?: 'granted' | 'revoked' | 'unknown';
  email?: 'granted' | 'revoked' | 'unknown';
  timezone?: string;
  language?: string;
  preferred?: 'sms' | 'email' | 'none';
  [column: string]: unknown;
}

export interface MessagingFixture {
  tenant: TestTenant;
  /** The tenant's receiving number: inbound texts for this tenant are sent To it. */
  senderNumber: string;
  /** Messaging activity deps as the worker builds them (real Twilio SDK → stack.twilio, nodemailer → stack.smtp). */
  deps(options?: { clock?: () => Date; attemptLeaseMs?: number; smsMinIntervalMs?: number }): Promise<MessagingActivityDeps>;
  addPatient(spec?: PatientSpec): Promise<{ id: string; mobile: string; email: string }>;
  request(patientId: string, overrides?: Partial<SendMessageRequest>): SendMessageRequest;
  /** Runs the `sendMessage` activity once, as Temporal attempt `attempt`. */
  send(deps: MessagingActivityDeps, request: SendMessageRequest, attempt?: number): Promise<SendMessageOutcome>;
  close(): Promise<void>;
}

let keySeq = 0;

export async function messagingFixture(stack: TestStack, options: { settings?: Record<string, unknown>; senderNumber?: string } = {}): Promise<MessagingFixture> {
  const tenant = await createTestTenant(stack, { settings: options.settings ?? { messaging: { clinicName: 'Lakeside Clinic', clinicPhone: '+1 555 010 0100' } } });
  // One receiving number per tenant (test files share the database); outbound texts come From TEST_SENDER_NUMBER.
  const senderNumber = options.senderNumber ?? `+1646${randomInt(1_000_000, 10_000_000)}`;
  if ((await seedSenderNumber(stack.ownerDb, tenant.id, senderNumber)) === 'taken') throw new Error('test sender number collision; run again');
  const closers: (() => Promise<void>)[] = [];
  return {
    tenant,
    senderNumber,
    async deps(opts = {}) {
      const built = await createMessagingDeps(stack.config, stack.db, { smsMinIntervalMs: opts.smsMinIntervalMs ?? 0, attemptLeaseMs: opts.attemptLeaseMs, clock: opts.clock });
      closers.push(built.close);
      return built.activityDeps;
    },
    async addPatient(spec = {}) {
      const { sms = 'granted', email = 'granted', timezone = 'America/Chicago', language = 'en', preferred = 'sms', ...columns } = spec;
      const mobile = uniqueMobile();
      const address = `pat-${mobile.slice(-4)}-${randomInt(0, 1e6)}@example.test`;
      const id = await tenant.addPatient({
        mobile_e164: mobile,
        email: address,
        sms_consent: sms,
        email_consent: email,
        timezone,
        language,
        preferred_channel: preferred,
        ...columns,
      });
      return { id, mobile, email: address };
    },
    request(patientId, overrides = {}) {
      keySeq += 1;
      return {
        tenantId: tenant.id,
        idempotencyKey: `test-${process.pid}-${Date.now()}-${keySeq}`,
        recipient: { type: 'patient', patientId },
        template: 'referral.accepted',
        channel: 'preferred',
        purpose: 'patient-notice',
        ...overrides,
      };
    },
    send(deps, request, attempt = 1) {
      const env = new MockActivityEnvironment({ attempt }, { logger: new DefaultLogger('ERROR') });
      return env.run(createMessagingActivities(deps).sendMessage, request);
    },
    async close() {
      for (const close of closers) await close();
    },
  };
}

/** The ledger row of a message (owner connection: no tenant scope needed for assertions). */
export async function ledgerRow(stack: TestStack, messageId: string): Promise<Record<string, any>> {
  return (await stack.ownerDb('message_deliveries').where({ id: messageId }).first()) as Record<string, any>;
}
