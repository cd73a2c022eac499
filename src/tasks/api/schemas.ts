import { z } from '../../api/openapi/registry.js';
import { INBOX_VIEWS } from '../inbox/inbox-query.js';
import { TASK_CATEGORIES, TASK_PRIORITIES, TASK_ROLES, TASK_STATUSES } from '../../workflows/shared/tasks.js';

const Uuid = z.uuid();
/** Task types and outcome codes are codes, never free text. */
const Code = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be a lower-case code such as call-back or approve');
const Seconds = z.number().int().min(1).max(366 * 86_400);
const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item).max(20)).optional();

export const EscalationTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), userId: Uuid }),
  z.object({ kind: z.literal('pool'), poolId: Uuid }),
  z.object({ kind: z.literal('covering-practitioner') }),
  z.object({ kind: z.literal('on-call'), departmentId: Uuid.optional() }),
  z.object({ kind: z.literal('department-lead'), departmentId: Uuid.optional() }),
]);

export const Assignee = z.union([
  z.object({ userId: Uuid }).strict(),
  z.object({ poolId: Uuid }).strict(),
  z.object({ pool: z.object({ departmentId: Uuid.optional(), role: z.enum(TASK_ROLES) }).strict() }).strict(),
]);

export const CreateTaskBody = z
  .object({
    type: Code.default('ad-hoc'),
    category: z.enum(TASK_CATEGORIES),
    priority: z.enum(TASK_PRIORITIES).default('routine'),
    title: z.string().trim().min(1).max(200),
    instructions: z.string().max(4000).optional(),
    form: z.record(z.string(), z.unknown()).optional(),
    options: z.array(Code).min(1).max(20).optional(),
    patientId: Uuid.optional(),
    subject: z.object({ type: Code, id: Uuid }).optional(),
    assignee: Assignee,
    dueAt: z.iso.datetime({ offset: true }).optional(),
    dueInSeconds: Seconds.optional(),
    reminder: z.object({ afterSeconds: Seconds }).optional(),
    escalations: z.array(z.object({ afterSeconds: Seconds, to: z.array(EscalationTarget).min(1).max(5) })).min(1).max(5).optional(),
    expireAfterSeconds: Seconds.optional(),
  })
  .refine((b) => !(b.dueAt && b.dueInSeconds), { message: 'give dueAt or dueInSeconds, not both', path: ['dueAt'] })
  .refine((b) => !b.escalations || b.escalations.every((l, i, all) => i === 0 || l.afterSeconds >= all[i - 1]!.afterSeconds), {
    message: 'escalation levels must be in increasing time order',
    path: ['escalations'],
  });
export type CreateTaskInput = z.infer<typeof CreateTaskBody>;

export const ListTasksQuery = z.object({
  view: z.enum(INBOX_VIEWS).default('mine'),
  type: csv(Code),
  priority: csv(z.enum(TASK_PRIORITIES)),
  status: csv(z.enum(TASK_STATUSES)),
  patientId: Uuid.optional(),
  dueBefore: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(300).optional(),
});

const Version = z.number().int().min(1).optional().openapi({ description: 'The version you saw; a different current version answers 409.' });
export const CompleteTaskBody = z.object({
  outcome: Code,
  note: z.string().max(4000).optional(),
  payload: z.record(z.string(), z.unknown()).optional(),
  version: Version,
});
export const CommandBody = z.object({ version: Version, reason: z.string().max(500).optional() }).default({});
export const ReassignBody = z.object({ to: Uuid.openapi({ description: 'A user ID or a pool ID' }), version: Version, reason: z.string().max(500).optional() });
export const StatsQuery = z.object({ from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional() });
export const TaskIdParams = z.object({ id: Uuid });
export const CoverageRoutingBody = z.object({ coverageId: Uuid });

export const TaskView = z
  .object({
    id: z.uuid(),
    type: z.string(),
    category: z.enum(TASK_CATEGORIES),
    priority: z.enum(TASK_PRIORITIES),
    status: z.enum(TASK_STATUSES),
    subject: z.object({ type: z.string(), id: z.string() }),
    patientId: z.uuid().nullable(),
    title: z.string().nullable(),
    ownerUserId: z.uuid().nullable(),
    poolId: z.uuid().nullable(),
    claimedByUserId: z.uuid().nullable(),
    assigneeUserId: z.uuid().nullable(),
    dueAt: z.string(),
    onHold: z.boolean(),
    escalationLevel: z.number(),
    remindedAt: z.string().nullable(),
    workflowId: z.string(),
    version: z.number(),
    outcome: z.string().nullable(),
    completedAt: z.string().nullable(),
  })
  .partial()
  .openapi('Task', { description: 'A task; fields the caller may not see (ops: clinical content) are absent.' });

export const TaskPage = z.object({
  items: z.array(TaskView),
  nextCursor: z.string().nullable(),
  counts: z.object({ mine: z.number(), pool: z.number(), all: z.number().optional() }),
});
export const TaskDetail = TaskView.extend({ history: z.array(z.record(z.string(), z.unknown())) }).openapi('TaskDetail');
export const Snapshot = z.object({ taskId: z.uuid(), status: z.enum(TASK_STATUSES), version: z.number(), ownerUserId: z.uuid().nullable(), poolId: z.uuid().nullable() }).passthrough();
export const Verdict = z.object({ taskId: z.uuid(), status: z.literal('completed'), outcome: z.string(), version: z.number(), result: z.unknown().optional() });
