import { z } from '../../api/openapi/registry.js';
import { PageQuery } from '../../registry/shared/pagination.js';

const Loinc = z.string().regex(/^\d{1,7}-\d$/, 'must be a LOINC code such as 2823-3');
const ResultStatus = z.enum(['preliminary', 'final', 'corrected', 'cancelled']);
const ResultClass = z.enum(['normal', 'abnormal', 'critical']);

export const LabOrderCreate = z.object({
  patientId: z.uuid(),
  orderingPractitionerId: z.uuid().optional().openapi({ description: 'Defaults to the calling physician.' }),
  performingLabId: z.uuid().openapi({ description: 'The lab integration that performs the tests.' }),
  testCodes: z.array(Loinc).min(1).max(50),
  priority: z.enum(['routine', 'urgent', 'stat']).default('routine'),
  placerOrderNumber: z
    .string()
    .regex(/^[A-Za-z0-9._-]{3,40}$/, 'must be 3–40 letters, digits, dots, dashes or underscores')
    .optional()
    .openapi({ description: 'ORC-2/OBR-2; generated when absent.' }),
});

export const LabOrderView = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  patientId: z.uuid(),
  orderingPractitionerId: z.uuid(),
  performingLabId: z.uuid().nullable(),
  placerOrderNumber: z.string(),
  fillerOrderNumber: z.string().nullable(),
  testCodes: z.array(z.string()),
  priority: z.enum(['routine', 'urgent', 'stat']),
  status: z.enum(['ordered', 'resulted', 'cancelled']),
  createdAt: z.string(),
});

export const LabResultListQuery = PageQuery.extend({
  patientId: z.uuid().optional(),
  status: ResultStatus.optional(),
  class: ResultClass.optional(),
});

const TimelineEntry = z.object({
  at: z.string(),
  kind: z.string(),
  level: z.number().nullable(),
  practitionerId: z.string().nullable(),
  taskId: z.string().nullable(),
  revisionId: z.string().nullable(),
  actor: z.object({ type: z.string(), id: z.string() }).nullable(),
  details: z.record(z.string(), z.unknown()),
});

/** Fields a role may not read are omitted (a patient sees the result, ops the workflow state). */
export const LabResultView = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    workflowId: z.string().optional(),
    patientId: z.string().nullable().optional(),
    orderingPractitionerId: z.string().nullable().optional(),
    labOrderId: z.string().nullable().optional(),
    test: z.object({ code: z.string(), display: z.string().nullable(), system: z.string().nullable() }).optional(),
    placerOrderNumber: z.string().nullable().optional(),
    fillerOrderNumber: z.string().nullable().optional(),
    status: ResultStatus.optional(),
    classification: ResultClass.nullable().optional(),
    corrected: z.boolean().optional(),
    matchStatus: z.enum(['pending', 'matched', 'unmatched', 'ambiguous']).optional(),
    criticalState: z.enum(['none', 'awaiting-ack', 'acknowledged']).optional(),
    escalationLevel: z.number().optional(),
    release: z.enum(['withheld', 'released', 'on-hold']).optional(),
    releasedAt: z.string().nullable().optional(),
    holdUntil: z.string().nullable().optional(),
    observations: z.array(z.record(z.string(), z.unknown())).optional(),
    history: z.array(z.record(z.string(), z.unknown())).optional(),
    criticalNotifications: z.array(z.record(z.string(), z.unknown())).optional(),
    timeline: z.array(TimelineEntry).optional(),
    firstReceivedAt: z.string().optional(),
    lastReceivedAt: z.string().optional(),
    updatedAt: z.string().optional(),
  })
  .passthrough()
  .openapi('LabResult');

export const AcknowledgeBody = z.object({
  readBack: z.string().trim().min(1).max(500).openapi({ description: 'The critical value(s) as read back by the clinician.' }),
});

export const HoldBody = z.object({
  reason: z.string().trim().min(3).max(1000).openapi({ description: 'Documented reason for the "preventing harm" exception.' }),
  until: z.iso.datetime({ offset: true }).openapi({ description: 'When the hold ends by itself.' }),
});

export const ReconcileBody = z.object({
  patientId: z.uuid(),
  orderingPractitionerId: z.uuid(),
  labOrderId: z.uuid().optional(),
});

export const TimelinessQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

export const TimelinessView = z.object({
  from: z.string(),
  to: z.string(),
  criticalCount: z.number(),
  acknowledgedCount: z.number(),
  acknowledgedWithinDeadlineCount: z.number(),
  escalatedCount: z.number(),
  medianSecondsToAcknowledge: z.number().nullable(),
  p95SecondsToAcknowledge: z.number().nullable(),
});

export const IntegrationErrorView = z.object({
  id: z.uuid(),
  receivedAt: z.string(),
  transport: z.string(),
  format: z.string(),
  sendingApplication: z.string().nullable(),
  sendingFacility: z.string().nullable(),
  messageControlId: z.string().nullable(),
  messageType: z.string().nullable(),
  status: z.enum(['failed', 'rejected', 'accepted']).openapi({ description: 'accepted: answered AA, but processing failed (errorCode PROCESSING_FAILED); retried automatically' }),
  ackCode: z.string(),
  errorCode: z.string().nullable(),
  errorLocation: z.string().nullable(),
  errorText: z.string().nullable(),
  sizeBytes: z.number(),
  processingAttempts: z.number().int().openapi({ description: 'Failed processing attempts of an accepted message (0 for refused ones)' }),
  nextAttemptAt: z.string().nullable().openapi({ description: 'When an accepted message is tried again' }),
});

export const Hl7Body = z.string().min(1).openapi({ description: 'One HL7 v2 ORU^R01 message (ER7).' });
export const FhirBundleBody = z.record(z.string(), z.unknown()).openapi({ description: 'A FHIR R4 Bundle with a DiagnosticReport and its Observations.' });
export const OperationOutcomeSchema = z.record(z.string(), z.unknown()).openapi('OperationOutcome');
