import { createLabAlertActivities } from './alerts.js';
import { createLabCaseActivities } from './case.js';
import { createLabCriticalActivities } from './critical.js';
import { type LabResultActivityDeps } from './deps.js';
import { createLabMatchingActivities } from './matching.js';
import { createLabReleaseActivities } from './release.js';

export type { LabResultActivityDeps } from './deps.js';
export type { LabTimings } from './case.js';
export type { CriticalPlan } from './critical.js';
export type { ReconciliationDecision } from './matching.js';
export type { AppliedRevision } from '../../lab-results/routing/apply-revision.js';

/** Every lab-result activity, from its factories. */
export function createLabResultActivities(deps: LabResultActivityDeps) {
  return {
    ...createLabCaseActivities(deps),
    ...createLabMatchingActivities(deps),
    ...createLabCriticalActivities(deps),
    ...createLabReleaseActivities(deps),
    ...createLabAlertActivities(deps),
  };
}

export type LabResultActivities = ReturnType<typeof createLabResultActivities>;
