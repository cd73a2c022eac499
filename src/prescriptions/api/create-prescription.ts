import { randomUUID } from 'node:crypto';
import { type ZodError } from 'zod';
import { notVisible } from '../../authz/assert-can.js';
import { type AccessScope } from '../../authz/request-scope.js';
import { recordAudit } from '../../audit/record-audit.js';
import { validationFailed } from '../../errors/app-error.js';
import { findPatient } from '../../registry/patients/patient-repository.js';
import { prescriptionWorkflowId } from '../../workflows/shared/prescription.js';
import { findPharmacy, preferredPharmacyId } from '../clinical-data/pharmacies.js';
import { prescriptionOrderSchema } from '../screening/index.js';
import { medicationDisplay, type PrescriptionDraft, toOrder } from '../requests/order-model.js';
import { draftFields } from '../requests/prescription-record.js';
import { insertPrescription } from '../requests/prescription-repository.js';
import { recordEvent } from '../requests/prescription-history.js';
import { type PrescriptionCreateInput } from '../requests/request-schemas.js';
import { decideRouting, type RequestOrigin } from '../routing/decide-routing.js';
import { practitionerFacts } from '../routing/practitioner-facts.js';
import { type PrescriptionServices } from '../prescription-services.js';

const invalid = (pointer: string, detail: string) => validationFailed([{ pointer: `/body/${pointer}`, detail }]);

export function zodToProblem(error: ZodError, prefix = 'body') {
  return validationFailed(error.issues.map((i) => ({ pointer: `/${[prefix, ...i.path.map(String)].join('/')}`, detail: i.message })));
}

/** Nurses prepare; residents (and supervised mid-levels) need a supervising signature; physicians may sign their own. */
async function originOf(scope: AccessScope): Promise<RequestOrigin> {
  if (scope.actor.role === 'nurse') return 'nurse';
  const own = scope.actor.practitionerId ? await practitionerFacts(scope.trx, scope.actor.practitionerId) : undefined;
  return own && (own.kind === 'resident' || own.supervisingPractitionerId) ? 'resident' : 'physician';
}

/**
 * Records a new prescription request (in the caller's tenant transaction) and returns what the
 * workflow needs to start. Refuses up front what could never be signed: an unknown drug, an order
 * outside federal refill limits, no pharmacy, or no one who may sign it.
 */
export async function recordPrescriptionRequest(scope: AccessScope, services: PrescriptionServices, input: PrescriptionCreateInput): Promise<{ prescriptionId: string }> {
  const patient = await findPatient(scope, input.patientId);
  if (!patient) throw notVisible('create', 'Prescription', input.patientId, input.patientId);
  const kb = await services.knowledgeBase();
  const drug = kb.drug(input.rxcui);
  if (!drug) throw invalid('rxcui', 'not in the drug knowledge base; it cannot be screened');

  const prescriber = await practitionerFacts(scope.trx, input.prescriberId);
  if (!prescriber) throw invalid('prescriberId', 'no such practitioner');
  const supervisor = prescriber.supervisingPractitionerId ? ((await practitionerFacts(scope.trx, prescriber.supervisingPractitionerId)) ?? null) : null;
  const origin = await originOf(scope);
  const routable = decideRouting({
    kind: 'new',
    origin,
    requesterPractitionerId: scope.actor.practitionerId ?? null,
    prescriber,
    supervisor,
    rxcui: drug.rxcui,
    deaSchedule: drug.deaSchedule,
    findingSeverities: [],
    protocol: { enabled: false, rxcuis: [] },
  });
  if (routable.route === 'unroutable') throw invalid('prescriberId', routable.reason === 'no-eligible-signer' ? 'neither this prescriber nor a supervising physician may sign' : 'the signer has no DEA registration for a controlled substance');

  const pharmacyId = input.pharmacyId ?? (await preferredPharmacyId(scope.trx, patient.id));
  const pharmacy = pharmacyId ? await findPharmacy(scope.trx, pharmacyId) : undefined;
  if (!pharmacy?.active) throw invalid('pharmacyId', 'give an active pharmacy, or set the patient’s preferred pharmacy');

  const strength = input.strength ?? null;
  const draft: PrescriptionDraft = {
    rxcui: drug.rxcui,
    medicationDisplay: medicationDisplay(drug.name, strength),
    deaSchedule: drug.deaSchedule,
    strength,
    dose: input.dose ?? null,
    route: input.route ?? null,
    timing: input.timing ?? null,
    asNeeded: input.asNeeded ?? null,
    sig: input.sig,
    quantity: input.quantity,
    refills: input.refills,
    daysSupply: input.daysSupply,
    indication: input.indication ?? null,
    substitutionAllowed: input.substitutionAllowed,
    noteToPharmacist: input.noteToPharmacist ?? null,
  };
  const prescriptionId = randomUUID();
  const ctx = { prescriptionId, tenantId: scope.actor.tenantId, patientId: patient.id, prescriberId: prescriber.id, pharmacyId: pharmacy.id, authoredOn: new Date().toISOString() };
  const order = prescriptionOrderSchema.safeParse(toOrder(draft, ctx));
  if (!order.success) throw zodToProblem(order.error);

  await insertPrescription(scope.trx, {
    id: prescriptionId,
    tenantId: scope.actor.tenantId,
    workflowId: prescriptionWorkflowId(prescriptionId),
    patientId: patient.id,
    kind: 'new',
    origin,
    requestedBy: { type: 'user', id: scope.actor.id, role: scope.actor.role },
    prescriberId: prescriber.id,
    pharmacyId: pharmacy.id,
    ...draftFields(draft),
  });
  await recordEvent(scope.trx, { tenantId: scope.actor.tenantId, prescriptionId, key: 'created', kind: 'created', actor: { type: scope.actor.type, id: scope.actor.id }, details: { origin } });
  await recordAudit(scope.trx, scope.actor, { action: 'create', entityType: 'Prescription', entityId: prescriptionId, patientId: patient.id, details: { origin, controlled: drug.deaSchedule !== null } });
  return { prescriptionId };
}
