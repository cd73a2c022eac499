import { type RuleSet } from '../ability.js';

/** Operators: the Temporal remote codec (every decode is audited) and end-to-end system checks. */
export const operationsRules: RuleSet = (can, _cannot, actor) => {
  if (actor.role !== 'ops' && actor.role !== 'admin') return;
  can(['encode', 'decode'], 'TemporalPayload');
  can(['create', 'read'], 'SystemCheck');
};
