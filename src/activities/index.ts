import { type Knex } from 'knex';
import { createAppointmentActivities } from './appointments.js';
import { createLabResultActivities, type LabResultActivityDeps } from './lab-results/index.js';
import { createMessagingActivities, type MessagingActivityDeps } from './messaging.js';
import { createPrescriptionActivities, type PrescriptionActivityOptions } from './prescriptions.js';
import { resolveReferralTemplateVariables } from '../referrals/template-variables.js';
import { createReferralActivities } from './referrals.js';
import { createSystemCheckActivities } from './system-check.js';
import { createTaskActivities } from './tasks.js';

/** Everything activities may depend on; built once per worker process and injected. */
export interface ActivityDeps {
  db: Knex;
  /** Lab results: the default critical acknowledgement deadline and the alert sender (see LabResultActivityDeps). */
  labCriticalAckDeadlineSeconds?: LabResultActivityDeps['labCriticalAckDeadlineSeconds'];
  sendMessage?: LabResultActivityDeps['sendMessage'];
  /** Messaging: SMS and email transports, runtime settings, template resolvers (see MessagingActivityDeps). */
  sms: MessagingActivityDeps['sms'];
  email: MessagingActivityDeps['email'];
  messaging: MessagingActivityDeps['messaging'];
  subjectResolvers: MessagingActivityDeps['subjectResolvers'];
  subjectCurrency?: MessagingActivityDeps['subjectCurrency'];
  clock?: () => Date;
  /** Prescriptions: settings, knowledge base and pharmacy adapters (defaults from config; see PrescriptionActivityOptions). */
  prescriptions?: PrescriptionActivityOptions;
}

/** All activities, built from their factories. */
export function createActivities(deps: ActivityDeps) {
  // Referral notices are filled from the referral's linked visit (a resolver given in `deps` wins).
  const messagingDeps = { ...deps, subjectResolvers: { referral: resolveReferralTemplateVariables, ...deps.subjectResolvers } };
  return {
    ...createSystemCheckActivities(deps),
    ...createAppointmentActivities(deps),
    ...createTaskActivities(deps),
    ...createLabResultActivities(deps),
    ...createMessagingActivities(messagingDeps),
    ...createPrescriptionActivities(deps),
    ...createReferralActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
