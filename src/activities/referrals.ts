import { Context } from '@temporalio/activity';
import { type Knex } from 'knex';
import { systemActor } from '../authz/actor.js';
import { bookedAppointmentOf, linkAppointment, readAppointment, reportAssignee } from '../referrals/store/appointment-link.js';
import { closeReferral, type CloseReferralInput } from '../referrals/store/closure.js';
import { endStage, type EndStageInput, openStage, type OpenStageInput, pauseStage, resumeStage } from '../referrals/store/stages.js';
import { loadReferralForWorkflow } from '../referrals/store/workflow-facts.js';
import { attachReport, auditReferralEvent, describeTask } from '../referrals/store/workflow-records.js';
import { type ReferralStatus, type ReferralWorkflowInput } from '../workflows/shared/referral.js';
import { type ReferralActor } from '../referrals/store/history.js';

export interface ReferralActivityDeps {
  db: Knex;
}

type Ids = { tenantId: string; referralId: string };

/**
 * What the referral workflow does to PostgreSQL. The workflow is the only writer of a referral after
 * it is sent; every write is idempotent (keyed by stage, event or status) and audited as the system
 * actor `referral-workflow` with the workflow ID.
 */
export function createReferralActivities({ db }: ReferralActivityDeps) {
  const actorFor = (tenantId: string) => systemActor(tenantId, 'referral-workflow', Context.current().info.workflowExecution?.workflowId);
  return {
    loadReferralForWorkflow: (input: ReferralWorkflowInput) => loadReferralForWorkflow(db, input),
    openReferralStage: (input: OpenStageInput) => openStage(db, input, actorFor(input.tenantId)),
    endReferralStage: (input: EndStageInput) => endStage(db, input, actorFor(input.tenantId)),
    pauseReferralStage: (input: Ids & { stageKey: string }) => pauseStage(db, input),
    resumeReferralStage: (input: Ids & { stageKey: string; status: ReferralStatus; actor: ReferralActor }) => resumeStage(db, input),
    closeReferral: (input: CloseReferralInput) => closeReferral(db, input, actorFor(input.tenantId)),
    linkReferralAppointment: (input: Ids & { appointmentId: string }) => linkAppointment(db, input, actorFor(input.tenantId)),
    findReferralAppointment: (input: Ids) => bookedAppointmentOf(db, input),
    readReferralAppointment: (input: { tenantId: string; appointmentId: string }) => readAppointment(db, input),
    referralReportAssignee: (input: Ids & { appointmentId: string | null }) => reportAssignee(db, input),
    attachReferralReport: (input: Ids & { reportId: string }) => attachReport(db, input, actorFor(input.tenantId)),
    describeReferralTask: (input: { tenantId: string; taskId: string; title: string; instructions: string }) => describeTask(db, input),
    auditReferralEvent: (input: Ids & { action: string; details: Record<string, unknown> }) => auditReferralEvent(db, input, actorFor(input.tenantId)),
  };
}

export type ReferralActivities = ReturnType<typeof createReferralActivities>;
