import { type Knex } from 'knex';
import { Router } from 'express';
import { defineRoute } from '../../api/openapi/define-route.js';
import { ReferralSettingsBody } from '../settings/referral-settings.js';
import { getReferralSettings, putReferralSettings } from '../settings/referral-settings-use-cases.js';

const tags = ['Referrals'];
const ReferralSettings = ReferralSettingsBody.openapi('ReferralSettings');

/** The tenant's referral SLAs, business calendar and scheduling mode (administrators; ops read). */
export function referralSettingsRoutes(db: Knex): Router {
  const router = Router();
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/settings/referrals',
    summary: 'The referral SLAs, business calendar and scheduling mode in force',
    description: 'Every stage and urgency, with the defaults where the tenant set nothing.',
    tags,
    permission: ['read', 'ReferralSettings'],
    responses: { 200: { description: 'Settings in force', schema: ReferralSettings } },
    handler: () => getReferralSettings(db),
  });
  defineRoute(router, {
    method: 'put',
    path: '/api/v1/settings/referrals',
    summary: 'Set the referral SLAs (ISO 8601 durations or business days), calendar and scheduling mode',
    description:
      'SLAs are per stage (triage, moreInfo, declineReview, booking, bookingFollowUp, report, review) and urgency (routine, urgent, emergent); ' +
      'an unset one keeps its default. An unknown stage, urgency or key, or an invalid value, is refused (400, each named by its JSON pointer). A new SLA applies to stages that start afterwards.',
    tags,
    permission: ['update', 'ReferralSettings'],
    body: ReferralSettings,
    responses: { 200: { description: 'Saved: the settings now in force', schema: ReferralSettings } },
    handler: ({ body }) => putReferralSettings(db, body),
  });
  return router;
}
