import { z } from '../../api/openapi/registry.js';
import { isLoincCode } from '../settings/loinc.js';

/**
 * Request and response schemas of lab configuration: integrations, critical ranges, timings.
 * Bodies are strict: a misspelt setting is refused (400), never silently ignored.
 */

/** An HD namespace or universal ID as MSH-3/-4/-6 carry it (what the listener compares, unescaped). */
const HdValue = z
  .string()
  .trim()
  .min(1)
  .max(180)
  .regex(/^[^|^~\\&\p{Cc}]+$/u, 'must not hold HL7 delimiters (| ^ ~ \\ &) or control characters');

const TimezoneOffset = z.string().regex(/^[+-](0\d|1[0-4])[0-5]\d$/, 'must be a UTC offset such as -0500');

const integrationFields = {
  name: z.string().trim().min(1).max(200),
  sendingFacility: HdValue.openapi({ description: 'MSH-4 (namespace, else universal ID): what identifies the lab.' }),
  sendingApplication: HdValue.nullable().openapi({ description: 'MSH-3; null: any application of the facility.' }),
  receivingFacility: HdValue.nullable().openapi({ description: 'MSH-6; null: any. Lets one lab serve several tenants.' }),
  apiKeyId: z.uuid().nullable().openapi({ description: 'The integration service account that submits over HTTP; null: MLLP only.' }),
  patientIdAuthorities: z
    .array(z.string().trim().min(1).max(200))
    .max(20)
    .openapi({ description: 'PID-3.4 assigning authorities (or FHIR Identifier.system) whose identifiers are this tenant’s MRNs.' }),
  defaultTimezoneOffset: TimezoneOffset.nullable().openapi({ description: 'Offset for HL7 timestamps sent without one.' }),
  active: z.boolean().openapi({ description: 'false: messages from this sender are refused (AR, unknown sender) from the next one on.' }),
};

export const LabIntegrationCreate = z
  .strictObject({
    ...integrationFields,
    sendingApplication: integrationFields.sendingApplication.optional(),
    receivingFacility: integrationFields.receivingFacility.optional(),
    apiKeyId: integrationFields.apiKeyId.optional(),
    patientIdAuthorities: integrationFields.patientIdAuthorities.default([]),
    defaultTimezoneOffset: integrationFields.defaultTimezoneOffset.optional(),
    active: integrationFields.active.default(true),
  })
  .openapi('LabIntegrationCreate');

export const LabIntegrationUpdate = z
  .strictObject(integrationFields)
  .partial()
  .refine((changes) => Object.keys(changes).length > 0, 'must change at least one field')
  .openapi('LabIntegrationUpdate');

export const LabIntegrationView = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    name: z.string(),
    sendingFacility: z.string(),
    sendingApplication: z.string().nullable(),
    receivingFacility: z.string().nullable(),
    apiKeyId: z.string().nullable(),
    patientIdAuthorities: z.array(z.string()),
    defaultTimezoneOffset: z.string().nullable(),
    active: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('LabIntegration');

export const LabIntegrationListQuery = z.object({ active: z.enum(['true', 'false']).transform((v) => v === 'true').optional() });

export const LoincParams = z.object({
  loincCode: z
    .string()
    .refine(isLoincCode, 'must be a LOINC code with a matching check digit, such as 2823-3')
    .openapi({ description: 'LOINC code (OBX-3.1 / Observation.code) the limits apply to.', example: '2823-3' }),
});

const Limit = z.number().min(-1e9).max(1e9).nullable().optional();

export const CriticalRangeBody = z
  .strictObject({
    low: Limit.openapi({ description: 'Below: abnormal (the limit itself is normal).' }),
    high: Limit.openapi({ description: 'Above: abnormal (the limit itself is normal).' }),
    criticalLow: Limit.openapi({ description: 'At or below: critical.' }),
    criticalHigh: Limit.openapi({ description: 'At or above: critical.' }),
    units: z.string().trim().min(1).max(40).nullable().optional().openapi({ description: 'The units the limits are in (informational).' }),
  })
  .refine((range) => [range.low, range.high, range.criticalLow, range.criticalHigh].some((limit) => limit !== undefined && limit !== null), 'give at least one limit')
  .openapi('LabCriticalRangeInput');

export const CriticalRangeView = z
  .object({
    loincCode: z.string(),
    low: z.number().nullable(),
    high: z.number().nullable(),
    criticalLow: z.number().nullable(),
    criticalHigh: z.number().nullable(),
    units: z.string().nullable(),
  })
  .openapi('LabCriticalRange');

/** Seconds, one second to thirty days. */
const Seconds = z.number().int().min(1).max(30 * 86_400);

const Timings = {
  criticalAckDeadlineSeconds: z.number(),
  escalationStepSeconds: z.tuple([z.number(), z.number(), z.number()]),
  reviewDueSeconds: z.object({ normal: z.number(), abnormal: z.number(), critical: z.number() }),
  reconciliationDueSeconds: z.number(),
};

/** Days, one to ten years. */
const Days = z.number().int().min(1).max(3650);

export const LabSettingsView = z
  .object({
    ...Timings,
    rawMessageRetentionDays: z.number().openapi({ description: 'Days a raw message is kept once processed or refused; then only its SHA-256 stays.' }),
    overrides: z.object({
      criticalAckDeadlineSeconds: z.number().nullable(),
      escalationStepSeconds: z.tuple([z.number(), z.number(), z.number()]).nullable(),
      reviewDueSeconds: z.object({ normal: z.number(), abnormal: z.number(), critical: z.number() }).partial(),
      reconciliationDueSeconds: z.number().nullable(),
      rawMessageRetentionDays: z.number().nullable(),
    }),
    updatedAt: z.string().nullable(),
  })
  .openapi('LabSettings');

export const LabSettingsPatch = z
  .strictObject({
    criticalAckDeadlineSeconds: Seconds.nullable().optional().openapi({ description: 'Time to acknowledge a critical result; null: the deployment default.' }),
    escalationStepSeconds: z
      .tuple([Seconds, Seconds, Seconds])
      .nullable()
      .optional()
      .openapi({ description: 'Wait before each level (covering physician, on-call, department lead); together less than the deadline. null: a quarter of the deadline each.' }),
    reviewDueSeconds: z
      .strictObject({ normal: Seconds.nullable().optional(), abnormal: Seconds.nullable().optional(), critical: Seconds.nullable().optional() })
      .optional()
      .openapi({ description: 'Review task due time per class; null: the default for that class.' }),
    reconciliationDueSeconds: Seconds.nullable().optional().openapi({ description: 'Due time of reconciliation tasks; null: the default.' }),
    rawMessageRetentionDays: Days.nullable()
      .optional()
      .openapi({ description: 'Days the raw text of a processed or refused message is kept (results stay in the record); null: the deployment default.' }),
  })
  .refine((patch) => Object.values(patch).some((value) => value !== undefined), 'must change at least one setting')
  .openapi('LabSettingsPatch');
