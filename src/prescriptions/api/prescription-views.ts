import { type Client } from '@temporalio/client';
import { type AppAbility } from '../../authz/ability.js';
import { type AccessScope } from '../../authz/request-scope.js';
import { pickPermitted } from '../../authz/permitted-fields.js';
import { z } from '../../api/openapi/registry.js';
import { type PrescriptionRecord } from '../requests/prescription-record.js';
import { findSignature, listEvents, listTransmissions, type TransmissionView } from '../requests/prescription-history.js';
import { workflowState } from './workflow-starter.js';

const quantity = z.object({ value: z.number(), unit: z.string() });

/** A prescription as the caller may see it: every field is optional because each role sees a subset. */
export const PrescriptionView = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    workflowId: z.string(),
    patientId: z.uuid(),
    kind: z.enum(['new', 'refill']),
    origin: z.string(),
    requestedBy: z.object({ type: z.string(), id: z.string(), role: z.string() }),
    refillOfPrescriptionId: z.uuid().nullable(),
    prescriberId: z.uuid(),
    signerUserId: z.uuid().nullable(),
    medication: z.object({ rxcui: z.string(), display: z.string(), deaSchedule: z.string().nullable() }),
    controlled: z.boolean(),
    strength: quantity.nullable(),
    dose: quantity.nullable(),
    route: z.string().nullable(),
    timing: z.object({ frequency: z.number(), period: z.number(), periodUnit: z.string() }).nullable(),
    sig: z.string(),
    quantity,
    refills: z.number(),
    daysSupply: z.number(),
    indication: z.string().nullable(),
    pharmacyId: z.uuid().nullable(),
    status: z.string(),
    findings: z.array(z.object({ kind: z.string(), severity: z.string(), code: z.string(), message: z.string(), involved: z.array(z.string()) })),
    knowledgeBaseVersion: z.string().nullable(),
    overrides: z.array(z.object({ code: z.string(), reason: z.string() })),
    decision: z.object({ outcome: z.string(), reason: z.string().nullable(), decidedAt: z.string().nullable() }).nullable(),
    signature: z.object({ method: z.string(), signerUserId: z.uuid(), prescriberId: z.uuid(), contentDigest: z.string(), signedAt: z.string() }).nullable(),
    transmissions: z.array(
      z.object({
        round: z.number(),
        pharmacyId: z.uuid(),
        status: z.string(),
        attempts: z.number(),
        pharmacyReference: z.string().nullable(),
        error: z.object({ kind: z.string().nullable(), code: z.string().nullable(), detail: z.string().nullable() }).nullable(),
      }),
    ),
    history: z.array(z.object({ kind: z.string(), at: z.string(), actor: z.object({ type: z.string(), id: z.string().nullable() }), details: z.record(z.string(), z.unknown()) })),
    workflow: z.object({ stage: z.string(), taskId: z.uuid().nullable(), taskKind: z.string().nullable(), decisionRound: z.number(), transmissionRound: z.number() }).nullable(),
    authoredOn: z.string().nullable(),
    sentAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .partial()
  .openapi('Prescription');

/** The list: records with their transmissions, reduced to the fields the caller may read. */
export async function listViews(scope: AccessScope, records: PrescriptionRecord[]) {
  const transmissions = records.length > 0 ? await listTransmissions(scope.trx, records.map((r) => r.id)) : new Map<string, TransmissionView[]>();
  return records.map((r) => pickPermitted(scope.ability, 'read', 'Prescription', { ...r, transmissions: transmissions.get(r.id) ?? [] }));
}

/** One request with its signature, transmissions and full history (read inside the tenant transaction). */
export async function detailOf(scope: AccessScope, record: PrescriptionRecord) {
  const signature = await findSignature(scope.trx, record.id);
  const transmissions = await listTransmissions(scope.trx, [record.id]);
  const history = await listEvents(scope.trx, record.id);
  return { ...record, signature: signature ?? null, transmissions: transmissions.get(record.id) ?? [], history };
}

/** Adds the workflow's live state (outside the transaction: it asks Temporal) and applies field permissions. */
export async function withWorkflowState(temporal: Client, ability: AppAbility, detail: Awaited<ReturnType<typeof detailOf>>) {
  const state = await workflowState(temporal, detail.id);
  const workflow = state
    ? { stage: state.stage, taskId: state.taskId, taskKind: state.taskKind, decisionRound: state.decisionRound, transmissionRound: state.transmissionRound }
    : null;
  return pickPermitted(ability, 'read', 'Prescription', { ...detail, workflow });
}
