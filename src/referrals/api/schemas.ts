import { z } from '../../api/openapi/registry.js';
import { REFERRAL_STAGES, REFERRAL_STATUSES, URGENCIES } from '../../workflows/shared/referral.js';

/**
 * Request and response shapes of the referral routes; the same schemas validate requests and
 * document them. Free text (reason, question, notes, report) is stored sealed and never sent to Temporal.
 */
const Code = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be a short lower-case code such as not-indicated');
const Text = (max: number) => z.string().trim().min(1).max(max);
const Instant = z.iso.datetime({ offset: true });

export const Organisation = z.object({
  name: Text(200),
  phone: z.string().max(40).optional(),
  fax: z.string().max(40).optional(),
  email: z.email().max(200).optional(),
  address: z.string().max(400).optional(),
});

export const Target = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('practitioner'), practitionerId: z.uuid(), departmentId: z.uuid().optional() }),
    z.object({ kind: z.literal('department'), departmentId: z.uuid() }),
    z.object({ kind: z.literal('specialty'), specialty: Text(80) }).describe('Resolved to the tenant department of that specialty'),
    z.object({ kind: z.literal('external'), organisation: Organisation }),
  ])
  .openapi('ReferralTarget');
export type TargetInput = z.infer<typeof Target>;

export const DocumentInput = z.object({
  kind: Code.describe('e.g. lab-result, imaging, clinical-note, letter'),
  reference: Text(300).describe('Where the document is stored, e.g. DocumentReference/123 or a lab report ID'),
  title: z.string().max(200).optional(),
  description: z.string().max(2000).optional(),
});

export const CreateReferralBody = z
  .object({
    patientId: z.uuid(),
    target: Target,
    urgency: z.enum(URGENCIES),
    reason: Text(2000),
    clinicalQuestion: Text(4000),
    documents: z.array(DocumentInput).max(20).default([]),
    externalReferralNumber: z.string().trim().min(1).max(64).optional(),
    /** The referring department; defaults to the physician's department when they belong to exactly one. */
    referringDepartmentId: z.uuid().optional(),
    /** Save as a draft, to be released later. */
    draft: z.boolean().default(false),
  })
  .openapi('ReferralCreate');
export type CreateReferralInput = z.infer<typeof CreateReferralBody>;

const Version = z.number().int().positive().optional().describe('The task version you saw (optimistic concurrency)');
export const AcceptBody = z.object({ version: Version }).default({});
export const DeclineBody = z.object({ reason: Code.default('other'), note: z.string().max(4000).optional(), version: Version });
export const RequestInfoBody = z.object({ question: Text(4000) });
export const AnswerInfoBody = z.object({ answer: Text(4000), version: Version });
export const Finding = z.object({ code: z.string().max(64).optional(), display: Text(300), value: z.string().max(300).optional() });
export const ReportBody = z.object({ text: Text(20_000), findings: z.array(Finding).max(50).optional(), version: Version });
export const CloseBody = z.object({ version: Version }).default({});
export const CancelBody = z.object({ reason: Code.default('referrer-request'), note: z.string().max(4000).optional() });
export const RerouteBody = z.object({ target: Target, reason: Code.default('rerouted'), note: z.string().max(4000).optional() });

export const ListQuery = z.object({
  direction: z.enum(['sent', 'received']).optional().describe('Sent by me or my department, or received by me or my department'),
  status: z.enum(REFERRAL_STATUSES).optional(),
  stage: z.enum(REFERRAL_STAGES).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  patientId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(200).optional(),
});
export type ListInput = z.infer<typeof ListQuery>;

export const StatsQuery = z.object({ from: Instant, to: Instant });

const Actor = z.object({ type: z.string(), id: z.string().nullable(), role: z.string().nullable() });
export const TimelineEntry = z.object({
  stage: z.enum(REFERRAL_STAGES),
  round: z.number().int(),
  key: z.string(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
  pausedSeconds: z.number(),
  outcome: z.string().nullable(),
  reason: z.string().nullable(),
  actedBy: Actor.nullable(),
  taskIds: z.array(z.uuid()),
  escalations: z.array(z.object({ id: z.string(), level: z.number().int(), at: z.string(), resolved: z.boolean() })),
});

/** Fields a caller may not see are absent (schedulers and admins: no clinical content; patients: status; ops: workflow state). */
export const ReferralView = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    patientId: z.uuid(),
    status: z.enum(REFERRAL_STATUSES),
    stage: z.enum(REFERRAL_STAGES).nullable(),
    stageDueAt: z.string().nullable(),
    overdue: z.boolean(),
    urgency: z.enum(URGENCIES),
    reason: z.string(),
    clinicalQuestion: z.string(),
    documents: z.array(DocumentInput.extend({ id: z.uuid() })),
    timeline: z.array(TimelineEntry),
    history: z.array(z.object({ at: z.string(), fromStatus: z.string().nullable(), toStatus: z.string(), stage: z.string().nullable(), actor: Actor, reason: z.string().nullable() })),
    notes: z.array(z.object({ id: z.uuid(), kind: z.string(), text: z.string(), authorUserId: z.uuid().nullable(), at: z.string() })),
    report: z.object({ id: z.uuid(), text: z.string(), findings: z.array(Finding), submittedByUserId: z.uuid().nullable(), submittedAt: z.string() }).nullable(),
  })
  .partial()
  .passthrough()
  .openapi('Referral');

export const WorkflowView = z.object({
  referralId: z.uuid(),
  status: z.string(),
  stage: z.string().nullable(),
  stageKey: z.string().nullable(),
  appointmentId: z.uuid().nullable(),
  openTasks: z.array(z.object({ taskId: z.uuid(), role: z.string(), stageKey: z.string(), onHold: z.boolean() })),
  timers: z.array(z.object({ name: z.string(), at: z.string() })),
  finished: z.boolean(),
});

export const StatsView = z
  .object({
    from: z.string(),
    to: z.string(),
    sent: z.number().int(),
    closed: z.number().int(),
    reportReceived: z.number().int(),
    cancelled: z.number().int(),
    rerouted: z.number().int(),
    loopClosureRate: z.number().nullable(),
    medianSecondsPerStage: z.record(z.string(), z.number().nullable()),
    overdueByStage: z.record(z.string(), z.number().int()),
    escalations: z.number().int(),
  })
  .openapi('ReferralStats');
