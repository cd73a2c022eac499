import { randomUUID } from 'node:crypto';
import { type Knex } from 'knex';
import { fn } from 'objection';
import { type Actor } from '../../authz/actor.js';
import { validationFailed } from '../../errors/app-error.js';
import { referralWorkflowId, type Urgency } from '../../workflows/shared/referral.js';
import { type TargetInput } from '../api/schemas.js';
import { type Keyring, sealClinical } from '../clinical-box.js';
import { type ExternalOrganisation, type ReferralClinical, type StoredReferral } from '../referral-record.js';
import { type ReferralActor, recordReferralHistory } from '../store/history.js';
import { ReferralDocument, ReferralNote } from '../store/referral-content-model.js';
import { Referral } from '../store/referral-model.js';

/** The receiving side as referral fields. */
export interface ReferralTarget {
  targetKind: 'practitioner' | 'department' | 'external';
  targetPractitionerId: string | null;
  targetDepartmentId: string | null;
  targetSpecialty: string | null;
  externalOrganisation: ExternalOrganisation | null;
}

const problem = (pointer: string, detail: string) => validationFailed([{ pointer, detail }], 'The request refers to records that do not exist.');

/**
 * The receiving side, looked up in the caller's tenant (foreign keys ignore row-level security): an
 * active practitioner, a department, the department of a specialty, or an outside organisation.
 */
export async function resolveTarget(trx: Knex.Transaction, target: TargetInput, pointer = '/body/target'): Promise<ReferralTarget> {
  const none = { targetPractitionerId: null, targetDepartmentId: null, targetSpecialty: null, externalOrganisation: null };
  switch (target.kind) {
    case 'practitioner': {
      const practitioner = await trx('practitioners').where({ id: target.practitionerId, active: true }).first<{ specialty: string | null } | undefined>('specialty');
      if (!practitioner) throw problem(`${pointer}/practitionerId`, 'no such active practitioner');
      if (target.departmentId && !(await trx('departments').where({ id: target.departmentId }).first('id'))) throw problem(`${pointer}/departmentId`, 'no such department');
      return { ...none, targetKind: 'practitioner', targetPractitionerId: target.practitionerId, targetDepartmentId: target.departmentId ?? null, targetSpecialty: practitioner.specialty };
    }
    case 'department': {
      const department = await trx('departments').where({ id: target.departmentId }).first<{ specialty: string | null } | undefined>('specialty');
      if (!department) throw problem(`${pointer}/departmentId`, 'no such department');
      return { ...none, targetKind: 'department', targetDepartmentId: target.departmentId, targetSpecialty: department.specialty };
    }
    case 'specialty': {
      const departments = await trx('departments').whereRaw('lower(specialty) = lower(?)', [target.specialty]).orderBy('name').select<{ id: string; specialty: string }[]>('id', 'specialty');
      if (departments.length === 0) throw problem(`${pointer}/specialty`, 'no department of this specialty');
      return { ...none, targetKind: 'department', targetDepartmentId: departments[0]!.id, targetSpecialty: departments[0]!.specialty };
    }
    case 'external':
      return { ...none, targetKind: 'external', externalOrganisation: target.organisation };
  }
}

export interface NewReferral {
  patientId: string;
  urgency: Urgency;
  clinical: ReferralClinical;
  target: ReferralTarget;
  documents: { kind: string; reference: string; title?: string; description?: string }[];
  externalReferralNumber: string | null;
  referringPractitionerId: string;
  referringDepartmentId: string | null;
  status: 'draft' | 'sent';
  replacesReferralId?: string;
}

export const actorRef = (actor: Actor): ReferralActor => ({ type: actor.type === 'user' ? 'user' : 'system', id: actor.id, role: actor.role });

/** Inserts a referral with its sealed content and documents, and the first entry of its history. */
export async function insertReferral(trx: Knex.Transaction, keys: Keyring, actor: Actor, input: NewReferral): Promise<StoredReferral> {
  const id = randomUUID();
  const referral = await Referral.query(trx)
    .insert({
      id,
      tenantId: actor.tenantId,
      patientId: input.patientId,
      referringPractitionerId: input.referringPractitionerId,
      referringUserId: actor.type === 'user' ? actor.id : null,
      referringDepartmentId: input.referringDepartmentId,
      ...input.target,
      urgency: input.urgency,
      clinicalSealed: sealClinical(keys, id, input.clinical),
      externalReferralNumber: input.externalReferralNumber,
      status: input.status,
      sentAt: input.status === 'sent' ? fn.now() : null,
      replacesReferralId: input.replacesReferralId ?? null,
      workflowId: referralWorkflowId(id),
      createdBy: `${actor.type}:${actor.id}`,
    })
    .returning('*');
  for (const [position, doc] of input.documents.entries()) {
    const docId = randomUUID();
    const content = doc.title || doc.description ? sealClinical(keys, docId, { title: doc.title, description: doc.description }) : null;
    await ReferralDocument.query(trx).insert({ id: docId, tenantId: actor.tenantId, referralId: id, position, kind: doc.kind, reference: doc.reference, contentSealed: content });
  }
  await recordReferralHistory(trx, {
    tenantId: actor.tenantId,
    referralId: id,
    eventKey: 'created',
    fromStatus: null,
    toStatus: input.status,
    actor: actorRef(actor),
    reason: input.replacesReferralId ? 'reroute' : null,
    details: input.replacesReferralId ? { replacesReferralId: input.replacesReferralId } : {},
  });
  return referral.toRecord<StoredReferral>();
}

/** Stores a note (a question, an answer, a reason) sealed; only its ID travels to the workflow. */
export async function insertNote(trx: Knex.Transaction, keys: Keyring, actor: Actor, referralId: string, kind: string, text: string): Promise<string> {
  const id = randomUUID();
  await ReferralNote.query(trx).insert({
    id,
    tenantId: actor.tenantId,
    referralId,
    kind,
    sealed: sealClinical(keys, id, { text }),
    authorUserId: actor.type === 'user' ? actor.id : null,
  });
  return id;
}
