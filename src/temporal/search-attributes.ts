import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Search attributes are stored in plaintext by Temporal, so they hold IDs only: never names,
 * MRNs, phone numbers or results. Ops find a case in the UI with e.g. `ScxEntityId = "<uuid>"`.
 */
export const TENANT_ID = defineSearchAttributeKey('ScxTenantId', SearchAttributeType.KEYWORD);
export const ENTITY_ID = defineSearchAttributeKey('ScxEntityId', SearchAttributeType.KEYWORD);
export const CASE_TYPE = defineSearchAttributeKey('ScxCaseType', SearchAttributeType.KEYWORD);

/** Registered on the dev server at start (`--search-attribute Name=Type`). */
export const SEARCH_ATTRIBUTE_REGISTRATIONS: Record<string, 'Keyword'> = {
  [TENANT_ID.name]: 'Keyword',
  [ENTITY_ID.name]: 'Keyword',
  [CASE_TYPE.name]: 'Keyword',
};
