import { type RuleSet } from '../ability.js';

/** Users, service-account keys and the tenant's own settings: administrators only. */
export const administrationRules: RuleSet = (can, _cannot, actor) => {
  if (actor.role !== 'admin') return;
  can(['read', 'create', 'update'], 'User');
  can(['read', 'create', 'delete'], 'ApiKey');
  can(['read', 'update'], 'Tenant');
};
