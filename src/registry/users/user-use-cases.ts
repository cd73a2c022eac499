import { hashPassword } from '../../auth/passwords.js';
import { revokeUserSessions } from '../../auth/sessions.js';
import { assertCan, notVisible } from '../../authz/assert-can.js';
import { type AccessScope } from '../../authz/request-scope.js';
import { type AuditEntry, recordAudit, recordAuditMany } from '../../audit/record-audit.js';
import { conflict, validationFailed } from '../../errors/app-error.js';
import { offsetOf, type Page, toPage } from '../shared/pagination.js';
import { requireReferences } from '../shared/references.js';
import { findUser, insertUser, searchUsers, type UserFields, updateUserFields, type UserRecord } from './user-repository.js';
import { type UserCreateInput, type UserUpdateInput } from './user-schemas.js';

/** A patient user is tied to exactly one patient record; staff are not tied to any. */
function checkLinks(user: { role: string; patientId?: string | null; practitionerId?: string | null }): void {
  const problems = [];
  if (user.role === 'patient' && !user.patientId) problems.push({ pointer: '/body/patientId', detail: 'a patient user needs the patient record it may see' });
  if (user.role !== 'patient' && user.patientId) problems.push({ pointer: '/body/patientId', detail: 'only patient users link to a patient record' });
  if (user.role === 'patient' && user.practitionerId) problems.push({ pointer: '/body/practitionerId', detail: 'a patient user cannot be a practitioner' });
  if (problems.length > 0) throw validationFailed(problems);
}

const readEntry = (u: UserRecord, via?: string): AuditEntry => ({
  action: 'read',
  entityType: 'User',
  entityId: u.id,
  patientId: u.patientId,
  ...(via ? { details: { via } } : {}),
});

export async function searchUsersUseCase(scope: AccessScope, query: { role?: string; q?: string; limit: number; cursor?: string }): Promise<Page<UserRecord>> {
  const offset = offsetOf(query.cursor);
  const page = toPage(await searchUsers(scope, query, { limit: query.limit, offset }), query.limit, offset);
  await recordAuditMany(scope.trx, scope.actor, page.items.map((u) => readEntry(u, 'search')));
  return page;
}

export async function getUser(scope: AccessScope, id: string): Promise<UserRecord> {
  const user = await findUser(scope, id);
  if (!user) throw notVisible('read', 'User', id);
  assertCan(scope.ability, 'read', 'User', user);
  await recordAudit(scope.trx, scope.actor, readEntry(user));
  return user;
}

/** Creating a user grants a role: recorded as a privilege change. */
export async function createUser(scope: AccessScope, input: UserCreateInput): Promise<UserRecord> {
  checkLinks(input);
  await requireReferences(scope.trx, [
    { table: 'practitioners', id: input.practitionerId, pointer: '/body/practitionerId' },
    { table: 'patients', id: input.patientId, pointer: '/body/patientId' },
  ]);
  const created = await insertUser(scope.trx, scope.actor.tenantId, {
    email: input.email,
    displayName: input.displayName,
    role: input.role,
    passwordHash: await hashPassword(input.password),
    practitionerId: input.practitionerId ?? null,
    patientId: input.patientId ?? null,
  });
  await recordAudit(scope.trx, scope.actor, {
    action: 'privilege-change',
    entityType: 'User',
    entityId: created.id,
    patientId: created.patientId,
    details: { change: 'user-created', role: created.role },
  });
  return created;
}

/**
 * Changes a user. Role changes, link changes, disabling and password resets are privilege changes:
 * each is audited with what changed (never the password) and ends the user's sessions, so the
 * new privileges apply from the next sign-in. Administrators cannot demote or disable themselves.
 */
export async function updateUser(scope: AccessScope, id: string, changes: UserUpdateInput): Promise<UserRecord> {
  const user = await findUser(scope, id);
  if (!user) throw notVisible('update', 'User', id);
  assertCan(scope.ability, 'update', 'User', user);
  if (id === scope.actor.id && ((changes.role && changes.role !== user.role) || changes.disabled)) {
    throw conflict('You cannot change your own role or disable yourself; ask another administrator.');
  }
  const next = { role: changes.role ?? user.role, patientId: changes.patientId === undefined ? user.patientId : changes.patientId, practitionerId: changes.practitionerId === undefined ? user.practitionerId : changes.practitionerId };
  checkLinks(next);
  await requireReferences(scope.trx, [
    { table: 'practitioners', id: changes.practitionerId, pointer: '/body/practitionerId' },
    { table: 'patients', id: changes.patientId, pointer: '/body/patientId' },
  ]);
  const fields: UserFields = {};
  if (changes.email !== undefined) fields.email = changes.email;
  if (changes.displayName !== undefined) fields.displayName = changes.displayName;
  if (changes.role !== undefined) fields.role = changes.role;
  if (changes.practitionerId !== undefined) fields.practitionerId = changes.practitionerId;
  if (changes.patientId !== undefined) fields.patientId = changes.patientId;
  if (changes.disabled !== undefined) fields.disabledAt = changes.disabled ? (user.disabledAt ?? new Date().toISOString()) : null;
  if (changes.password !== undefined) fields.passwordHash = await hashPassword(changes.password);
  const updated = await updateUserFields(scope.trx, id, fields);

  const privilege: Record<string, unknown> = {};
  if (changes.role !== undefined && changes.role !== user.role) privilege.role = { from: user.role, to: changes.role };
  if (changes.practitionerId !== undefined && changes.practitionerId !== user.practitionerId) privilege.practitionerId = { from: user.practitionerId, to: changes.practitionerId };
  if (changes.patientId !== undefined && changes.patientId !== user.patientId) privilege.patientId = { from: user.patientId, to: changes.patientId };
  if (changes.disabled !== undefined && changes.disabled !== (user.disabledAt !== null)) privilege.disabled = changes.disabled;
  if (changes.password !== undefined) privilege.passwordReset = true;
  if (Object.keys(privilege).length > 0) {
    await revokeUserSessions(scope.trx, id);
    await recordAudit(scope.trx, scope.actor, { action: 'privilege-change', entityType: 'User', entityId: id, patientId: updated.patientId, details: privilege });
  }
  const plain = Object.keys(changes).filter((k) => ['email', 'displayName'].includes(k));
  if (plain.length > 0) await recordAudit(scope.trx, scope.actor, { action: 'update', entityType: 'User', entityId: id, patientId: updated.patientId, details: { fields: plain } });
  return updated;
}

/** Removes a user's second factor (lost phone) so they enrol again at next sign-in; their sessions end. */
export async function resetUserMfa(scope: AccessScope, id: string): Promise<UserRecord> {
  const user = await findUser(scope, id);
  if (!user) throw notVisible('update', 'User', id);
  assertCan(scope.ability, 'update', 'User', user);
  const updated = await updateUserFields(scope.trx, id, { mfaEnabled: false, mfaSecretEncrypted: null, mfaLastUsedStep: null });
  await revokeUserSessions(scope.trx, id);
  await recordAudit(scope.trx, scope.actor, { action: 'privilege-change', entityType: 'User', entityId: id, patientId: user.patientId, details: { mfaReset: true } });
  return updated;
}
