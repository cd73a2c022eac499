import { type Knex } from 'knex';
import { type AlertSender } from '../../lab-results/routing/alerts.js';

export interface LabResultActivityDeps {
  db: Knex;
  /** The platform default (LAB_CRITICAL_ACK_DEADLINE_SECONDS); tenants may set their own. */
  labCriticalAckDeadlineSeconds?: number;
  /** The messaging module's send; without it alerts are recorded as pending intents. */
  sendMessage?: AlertSender;
}

export const DEFAULT_CRITICAL_ACK_DEADLINE_SECONDS = 1800;
