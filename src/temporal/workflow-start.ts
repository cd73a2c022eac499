import { type SearchAttributePair } from '@temporalio/common';
import { CASE_TYPE, ENTITY_ID, TENANT_ID } from './search-attributes.js';

/**
 * Search attributes for a case's workflow, from IDs only. Every workflow start uses this, so ops can
 * find a case in the Temporal UI by its entity ID (`ScxEntityId = "<uuid>"`) without any PHI stored.
 */
export function caseSearchAttributes(ids: { caseType: string; entityId: string; tenantId?: string }): SearchAttributePair[] {
  return [
    { key: CASE_TYPE, value: ids.caseType },
    { key: ENTITY_ID, value: ids.entityId },
    ...(ids.tenantId ? [{ key: TENANT_ID, value: ids.tenantId }] : []),
  ];
}
