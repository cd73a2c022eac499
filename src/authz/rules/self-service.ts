import { type RuleSet } from '../ability.js';

/** What every person who logs in may do for themselves. Service accounts have no second factor. */
export const selfServiceRules: RuleSet = (can, _cannot, actor) => {
  if (actor.type === 'user') can('enroll', 'Mfa', { userId: actor.id });
};
