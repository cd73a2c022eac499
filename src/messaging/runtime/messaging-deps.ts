/**
 * What a worker process (or the test stack) hands the activities for messaging: transports and runtime
 * from config, every feature's template subject resolver, and the plain sender other activities use.
 */
import { type Knex } from 'knex';
import { createMessageSender, type MessagingActivityDeps } from '../../activities/messaging.js';
import { appointmentMessageCurrent } from '../../appointments/message-currency.js';
import { resolveAppointmentTemplateVariables } from '../../appointments/template-variables.js';
import { type Config } from '../../config/config.js';
import { resolveLabResultTemplateVariables } from '../../lab-results/messaging/template-variables.js';
import { resolvePrescriptionTemplateVariables } from '../../prescriptions/template-variables.js';
import { resolveTaskTemplateVariables } from '../../tasks/template-variables.js';
import { type SendMessageOutcome, type SendMessageRequest } from '../../workflows/shared/messaging.js';
import { type SmtpCatcher } from '../smtp-catcher.js';
import { type SubjectCurrencyChecks, type SubjectResolvers } from '../subject-resolvers.js';
import { buildMessaging, type MessagingBuildOptions } from './build-messaging.js';

/** Each feature's resolver for the entities its messages are about. */
export const SUBJECT_RESOLVERS: SubjectResolvers = {
  appointment: resolveAppointmentTemplateVariables,
  prescription: resolvePrescriptionTemplateVariables,
  'lab-result': resolveLabResultTemplateVariables,
  task: resolveTaskTemplateVariables,
};

/** Subjects whose messages can go stale: a late email is not sent once they no longer hold. */
export const SUBJECT_CURRENCY: SubjectCurrencyChecks = {
  appointment: appointmentMessageCurrent,
};

export interface WorkerMessaging {
  activityDeps: MessagingActivityDeps & { sendMessage: (request: SendMessageRequest) => Promise<SendMessageOutcome> };
  devMailbox: SmtpCatcher | undefined;
  close(): Promise<void>;
}

export async function createMessagingDeps(config: Config, db: Knex, options: MessagingBuildOptions & { clock?: () => Date } = {}): Promise<WorkerMessaging> {
  const built = await buildMessaging(config, options);
  const deps: MessagingActivityDeps = {
    db,
    sms: built.sms,
    email: built.email,
    messaging: built.messaging,
    subjectResolvers: SUBJECT_RESOLVERS,
    subjectCurrency: SUBJECT_CURRENCY,
    ...(options.clock ? { clock: options.clock } : {}),
  };
  return { activityDeps: { ...deps, sendMessage: createMessageSender(deps) }, devMailbox: built.devMailbox, close: () => built.close() };
}
