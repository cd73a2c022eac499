import { randomUUID } from 'node:crypto';
import { type Knex } from 'knex';
import { type Actor } from '../../authz/actor.js';
import { validationFailed } from '../../errors/app-error.js';
import { referralWorkflowId, type Urgency } from '../../workflows/shared/referral.js';
import { type TargetInput } from '../api/schemas.js';
import { type Keyring, sealClinical } from '../clinical-box.js';
import { type ReferralClinical, type ReferralRow } from '../referral-row.js';
import { type ReferralActor, recordReferralHistory } from '../store/history.js';

export interface TargetColumns {
  target_kind: 'practitioner' | 'department' | 'external';
  target_practitioner_id: string | null;
  target_department_id: string | null;
  target_specialty: string | null;
  external_organisation: string | null;
}

const problem = (pointer: string, detail: string) => validationFailed([{ pointer, detail }], 'The request refers to records that do not exist.');

/**
 * The receiving side, looked up in the caller's tenant (foreign keys ignore row-level security): an
 * active practitioner, a department, the department of a specialty, or an outside organisation.
 */
export async function resolveTarget(trx: Knex.Transaction, target: TargetInput, pointer = '/body/target'): Promise<TargetColumns> {
  const none = { target_practitioner_id: null, target_department_id: null, target_specialty: null, external_organisation: null };
  switch (target.kind) {
    case 'practitioner': {
      const practitioner = await trx('practitioners').where({ id: target.practitionerId, active: true }).first<{ specialty: string | null } | undefined>('specialty');
      if (!practitioner) throw problem(`${pointer}/practitionerId`, 'no such active practitioner');
      if (target.departmentId && !(await trx('departments').where({ id: target.departmentId }).first('id'))) throw problem(`${pointer}/departmentId`, 'no such department');
      return { ...none, target_kind: 'practitioner', target_practitioner_id: target.practitionerId, target_department_id: target.departmentId ?? null, target_specialty: practitioner.specialty };
    }
    case 'department': {
      const department = await trx('departments').where({ id: target.departmentId }).first<{ specialty: string | null } | undefined>('specialty');
      if (!department) throw problem(`${pointer}/departmentId`, 'no such department');
      return { ...none, target_kind: 'department', target_department_id: target.departmentId, target_specialty: department.specialty };
    }
    case 'specialty': {
      const departments = await trx('departments').whereRaw('lower(specialty) = lower(?)', [target.specialty]).orderBy('name').select<{ id: string; specialty: string }[]>('id', 'specialty');
      if (departments.length === 0) throw problem(`${pointer}/specialty`, 'no department of this specialty');
      return { ...none, target_kind: 'department', target_department_id: departments[0]!.id, target_specialty: departments[0]!.specialty };
    }
    case 'external':
      return { ...none, target_kind: 'external', external_organisation: JSON.stringify(target.organisation) };
  }
}

export interface NewReferral {
  patientId: string;
  urgency: Urgency;
  clinical: ReferralClinical;
  target: TargetColumns;
  documents: { kind: string; reference: string; title?: string; description?: string }[];
  externalReferralNumber: string | null;
  referringPractitionerId: string;
  referringDepartmentId: string | null;
  status: 'draft' | 'sent';
  replacesReferralId?: string;
}

export const actorRef = (actor: Actor): ReferralActor => ({ type: actor.type === 'user' ? 'user' : 'system', id: actor.id, role: actor.role });

/** Inserts a referral with its sealed content and documents, and the first entry of its history. */
export async function insertReferral(trx: Knex.Transaction, keys: Keyring, actor: Actor, input: NewReferral): Promise<ReferralRow> {
  const id = randomUUID();
  const [row] = await trx('referrals')
    .insert({
      id,
      tenant_id: actor.tenantId,
      patient_id: input.patientId,
      referring_practitioner_id: input.referringPractitionerId,
      referring_user_id: actor.type === 'user' ? actor.id : null,
      referring_department_id: input.referringDepartmentId,
      ...input.target,
      urgency: input.urgency,
      clinical_sealed: sealClinical(keys, id, input.clinical),
      external_referral_number: input.externalReferralNumber,
      status: input.status,
      sent_at: input.status === 'sent' ? trx.fn.now() : null,
      replaces_referral_id: input.replacesReferralId ?? null,
      workflow_id: referralWorkflowId(id),
      created_by: `${actor.type}:${actor.id}`,
    })
    .returning<ReferralRow[]>('*');
  for (const [position, doc] of input.documents.entries()) {
    const docId = randomUUID();
    const content = doc.title || doc.description ? sealClinical(keys, docId, { title: doc.title, description: doc.description }) : null;
    await trx('referral_documents').insert({ id: docId, tenant_id: actor.tenantId, referral_id: id, position, kind: doc.kind, reference: doc.reference, content_sealed: content });
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
  return row!;
}

/** Stores a note (a question, an answer, a reason) sealed; only its ID travels to the workflow. */
export async function insertNote(trx: Knex.Transaction, keys: Keyring, actor: Actor, referralId: string, kind: string, text: string): Promise<string> {
  const id = randomUUID();
  await trx('referral_notes').insert({
    id,
    tenant_id: actor.tenantId,
    referral_id: referralId,
    kind,
    sealed: sealClinical(keys, id, { text }),
    author_user_id: actor.type === 'user' ? actor.id : null,
  });
  return id;
}
