import { Router } from 'express';
import { type AppDeps } from '../../api/app-deps.js';
import { defineRoute } from '../../api/openapi/define-route.js';
import { ProblemSchema, z } from '../../api/openapi/registry.js';
import { withRequestTenant } from '../../authz/request-scope.js';
import { deleteCriticalRange, listCriticalRanges, putCriticalRange } from '../settings/critical-ranges.js';
import { getLabSettings, patchLabSettings } from '../settings/lab-settings-admin.js';
import { CriticalRangeBody, CriticalRangeView, LabSettingsPatch, LabSettingsView, LoincParams } from './configuration-schemas.js';

const tags = ['Lab configuration'];
const problem = (description: string) => ({ description, schema: ProblemSchema, contentType: 'application/problem+json' });

/**
 * The tenant's critical-value list and lab-result timings (administrators change them; clinicians
 * read them). Both are read for every revision routed, so a change applies to the next result.
 */
export function labPolicyRoutes({ db, config }: AppDeps): Router {
  const router = Router();
  const defaults = config.labResults; // the deployment's deadline and retention, which tenants override
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/lab-critical-ranges',
    summary: 'The tenant’s normal and critical limits per LOINC code',
    tags,
    permission: ['read', 'LabCriticalRange'],
    responses: { 200: { description: 'By LOINC code', schema: z.object({ items: z.array(CriticalRangeView) }) } },
    handler: async () => ({ items: await withRequestTenant(db, (scope) => listCriticalRanges(scope)) }),
  });
  defineRoute(router, {
    method: 'put',
    path: '/api/v1/lab-critical-ranges/:loincCode',
    summary: 'Set a LOINC code’s limits (critical low ≤ low ≤ high ≤ critical high; a limit left out is none)',
    description: 'Results are critical at or beyond a critical limit, abnormal beyond a reference limit, whatever the lab flagged, for the next result classified.',
    tags,
    permission: ['update', 'LabCriticalRange'],
    params: LoincParams,
    body: CriticalRangeBody,
    responses: { 200: { description: 'The range as stored', schema: CriticalRangeView }, 422: problem('Limits out of order') },
    handler: ({ params, body }) => withRequestTenant(db, (scope) => putCriticalRange(scope, params.loincCode, body)),
  });
  defineRoute(router, {
    method: 'delete',
    path: '/api/v1/lab-critical-ranges/:loincCode',
    summary: 'Remove a LOINC code’s limits (the lab’s flags alone classify it again)',
    tags,
    permission: ['delete', 'LabCriticalRange'],
    params: LoincParams,
    responses: { 204: { description: 'Removed' } },
    handler: async ({ params }) => {
      await withRequestTenant(db, (scope) => deleteCriticalRange(scope, params.loincCode));
      return undefined;
    },
  });
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/lab-settings',
    summary: 'The lab-result timings and raw-message retention in force (defaults filled in) and the tenant’s overrides',
    tags,
    permission: ['read', 'LabSettings'],
    responses: { 200: { description: 'The settings', schema: LabSettingsView } },
    handler: () => withRequestTenant(db, (scope) => getLabSettings(scope, defaults)),
  });
  defineRoute(router, {
    method: 'patch',
    path: '/api/v1/lab-settings',
    summary: 'Change lab-result timings or raw-message retention (null: back to the default)',
    tags,
    permission: ['update', 'LabSettings'],
    body: LabSettingsPatch,
    responses: { 200: { description: 'The settings now', schema: LabSettingsView }, 422: problem('The escalation chain would end after the deadline') },
    handler: ({ body }) => withRequestTenant(db, (scope) => patchLabSettings(scope, defaults, body)),
  });
  return router;
}
