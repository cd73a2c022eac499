import { type RuleSet } from '../ability.js';

/** The audit trail is read by administrators (privacy and security officers act as admins). */
export const auditRules: RuleSet = (can, _cannot, actor) => {
  if (actor.role === 'admin') can('read', 'AuditEvent');
};
