import { Router } from 'express';
import { type z } from 'zod';
import { defineRoute } from '../../api/openapi/define-route.js';
import { type Action } from '../../authz/subjects.js';
import { IdParams } from '../../registry/shared/validators.js';
import { cancelReferral, requestInfo } from '../use-cases/command-actions.js';
import { type ReferralDeps } from '../use-cases/referral-deps.js';
import { rerouteReferral } from '../use-cases/reroute-referral.js';
import { acceptReferral, acknowledgeReport, answerInfoRequest, declineReferral, submitReport } from '../use-cases/task-actions.js';
import { AcceptBody, AnswerInfoBody, CancelBody, CloseBody, DeclineBody, ReferralView, RequestInfoBody, ReportBody, RerouteBody } from './schemas.js';

const tags = ['Referrals'];
const refused = { 409: { description: 'The referral is not waiting for this (closed, another stage, a stale task version): nothing changed' } };

interface ActionSpec<B extends z.ZodType> {
  name: string;
  summary: string;
  permission: Action;
  body: B;
  run: (deps: ReferralDeps, id: string, body: z.infer<B>) => Promise<unknown>;
}

/**
 * The referral's actions. Decisions (accept, decline, answer, report, close) complete the open task
 * of the stage through the inbox's Workflow Update; request-info and cancel are Workflow Updates of
 * the referral itself. Each answers with the referral once the workflow has acted.
 */
export function referralActionRoutes(deps: ReferralDeps): Router {
  const router = Router();
  const action = <B extends z.ZodType>(spec: ActionSpec<B>) =>
    defineRoute(router, {
      method: 'post',
      path: `/api/v1/referrals/:id/${spec.name}`,
      summary: spec.summary,
      tags,
      permission: [spec.permission, 'Referral'],
      params: IdParams,
      body: spec.body,
      responses: { 200: { description: 'The referral after the action', schema: ReferralView }, ...refused },
      handler: ({ params, body }) => spec.run(deps, params.id, body),
    });
  action({ name: 'accept', summary: 'Accept the referral (receiving side)', permission: 'triage', body: AcceptBody, run: acceptReferral });
  action({ name: 'decline', summary: 'Decline the referral with a reason; the referrer reroutes or cancels', permission: 'triage', body: DeclineBody, run: declineReferral });
  action({ name: 'request-info', summary: 'Ask the referrer for more information; the triage SLA pauses', permission: 'triage', body: RequestInfoBody, run: requestInfo });
  action({ name: 'answer-info', summary: 'Answer the receiver’s question; triage resumes', permission: 'answer', body: AnswerInfoBody, run: answerInfoRequest });
  action({ name: 'report', summary: 'Send the consult report (text and optional structured findings)', permission: 'report', body: ReportBody, run: submitReport });
  action({ name: 'close', summary: 'Acknowledge the consult report: the referral loop is closed', permission: 'acknowledge', body: CloseBody, run: acknowledgeReport });
  action({ name: 'cancel', summary: 'Cancel the referral at any stage (open tasks are cancelled, history kept)', permission: 'cancel', body: CancelBody, run: cancelReferral });
  defineRoute(router, {
    method: 'post',
    path: '/api/v1/referrals/:id/reroute',
    summary: 'Send the referral to another receiver: a linked replacement is created, this one closes as rerouted',
    tags,
    permission: ['reroute', 'Referral'],
    params: IdParams,
    body: RerouteBody,
    successStatus: 201,
    responses: { 201: { description: 'The replacement referral', schema: ReferralView }, ...refused },
    handler: ({ params, body }) => rerouteReferral(deps, params.id, body),
  });
  return router;
}
